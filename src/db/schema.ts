import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { EnrollmentStatus } from '../subscribers/states.ts';

export type { EnrollmentStatus };

/** Kysely's view of the tables; src/db/migrations/*.sql is the source of truth. */
export interface Database {
  subscribers: SubscribersTable;
  enrollments: EnrollmentsTable;
  deliveries: DeliveriesTable;
  outbox: OutboxTable;
  reflections: ReflectionsTable;
  suppressed_addresses: SuppressedAddressesTable;
  provider_pause: ProviderPauseTable;
  delivery_events: DeliveryEventsTable;
  admin_logins: AdminLoginsTable;
  rate_buckets: RateBucketsTable;
  pending_signups: PendingSignupsTable;
  sign_in_links: SignInLinksTable;
  subscriber_sessions: SubscriberSessionsTable;
  api_keys: ApiKeysTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_messages: WebhookMessagesTable;
  consent_records: ConsentRecordsTable;
  couple_links: CoupleLinksTable;
  couple_invitations: CoupleInvitationsTable;
  blocked_invitees: BlockedInviteesTable;
  couple_waits: CoupleWaitsTable;
  shared_checkins: SharedCheckinsTable;
}

/** A person: one address, whatever courses it takes. */
export interface SubscribersTable {
  id: Generated<number>;
  email: string;
  name: string | null;
  created_at: string;
  updated_at: string;
}

/** A person's place in one course: its schedule, progress, break and check-ins. */
export interface EnrollmentsTable {
  id: Generated<number>;
  subscriber_id: number;
  course_id: string;
  /** A role id of the course (src/course/roles.ts); NULL: none chosen, every perspective. */
  role: string | null;
  timezone: string;
  send_time: string;
  send_days: Generated<string>;
  discreet: Generated<number>;
  status: EnrollmentStatus;
  round: Generated<number>;
  next_step: Generated<number>;
  next_send_at: string | null;
  paused_until: string | null;
  stop_reason: string | null;
  created_at: string;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
  updated_at: string;
  /** ISO weekdays of check-in reminders, e.g. '7' for Sundays; '' when they are off. */
  checkin_days: Generated<string>;
  checkin_time: Generated<string>;
  next_checkin_at: string | null;
  acknowledge_replies: Generated<number>;
  /** 1: share check-ins with a linked partner who chose the same (couples mode). */
  checkins_together: Generated<number>;
}

export type DeliveryStatus =
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'failed'
  | 'cancelled'
  | 'bounced'
  | 'complained';

export interface DeliveriesTable {
  id: Generated<number>;
  enrollment_id: number;
  round: number;
  message_key: string;
  token_id: string;
  status: DeliveryStatus;
  due_at: string;
  attempts: Generated<number>;
  lease_until: string | null;
  provider_id: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  updated_at: string;
  /** The Idempotency-Key of the provider request that carries this delivery (its batch). */
  batch_key: string | null;
}

export interface OutboxTable {
  id: string;
  recipient: string;
  subject: string;
  eml: string;
  created_at: string;
}

export interface ProviderPauseTable {
  id: number;
  until: string;
  reason: string;
  updated_at: string;
}

export interface DeliveryEventsTable {
  id: Generated<number>;
  svix_id: string;
  type: string;
  email_id: string | null;
  delivery_id: number | null;
  detail: string | null;
  occurred_at: string | null;
  received_at: string;
  processed_at: string | null;
}

export type ReflectionSource = 'email' | 'web';

export interface ReflectionsTable {
  id: Generated<number>;
  enrollment_id: number;
  delivery_id: number;
  message_key: string;
  source: ReflectionSource;
  ciphertext: string;
  inbound_id: string | null;
  created_at: string;
  updated_at: string;
  /** 1: shared with the partner (shown only once both shared for the lesson). */
  shared: Generated<number>;
}

export interface SuppressedAddressesTable {
  email_hash: string;
  reason: string;
  created_at: string;
}

/** Sign-in attempts to /admin; `client` is a keyed hash of the client's IP address. */
export interface AdminLoginsTable {
  id: Generated<number>;
  client: string;
  attempted_at: string;
  /** 1 once a later successful sign-in from the same client forgave this failure. */
  forgiven: Generated<number>;
}

/** A token bucket of a form that sends mail (src/limits/); times in ms since the epoch. */
export interface RateBucketsTable {
  bucket: string;
  tokens: number;
  updated_ms: number;
  granted: Generated<number>;
}

/** The profile a signup for a known address gives, kept until its confirmation is used. */
export interface PendingSignupsTable {
  delivery_id: number;
  name: string | null;
  role: string | null;
  timezone: string;
  send_time: string;
  discreet: number;
  created_at: string;
}

/** A sign-in link that was emailed; `token_id` is the link's random id, useless alone. */
export interface SignInLinksTable {
  id: Generated<number>;
  subscriber_id: number;
  token_id: string;
  created_at: string;
  used_at: string | null;
}

/** A signed-in session; `id_hash` is the SHA-256 (hex) of the id in the cookie. */
export interface SubscriberSessionsTable {
  id_hash: string;
  subscriber_id: number;
  created_at: string;
  last_seen_at: string;
}

export type ReflectionRow = Selectable<ReflectionsTable>;
export type SubscriberRow = Selectable<SubscribersTable>;
/** An enrollment with its person's address and name: what mail and pages about it need. */
export type EnrollmentRow = Selectable<EnrollmentsTable> & Pick<SubscriberRow, 'email' | 'name'>;
export type NewEnrollment = Insertable<EnrollmentsTable>;
export type EnrollmentUpdate = Updateable<EnrollmentsTable>;
export type DeliveryRow = Selectable<DeliveriesTable>;
export type OutboxRow = Selectable<OutboxTable>;

/** An API key; `key_hash` is the SHA-256 (hex) of the key, which is never stored. */
export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  key_hash: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** Where outgoing events are posted; `events` is '*' or ',a,b,' (see migration 0010). */
export interface WebhookEndpointsTable {
  id: Generated<number>;
  url: string;
  events: Generated<string>;
  secret_ciphertext: string;
  created_at: string;
  updated_at: string;
  failing_since: string | null;
  disabled_at: string | null;
  disabled_reason: string | null;
}

export type WebhookMessageStatus = 'pending' | 'sending' | 'delivered' | 'failed';

/** The outgoing webhook ledger: one row per event and endpoint, written before sending. */
export interface WebhookMessagesTable {
  id: string;
  endpoint_id: number;
  type: string;
  payload: string;
  subscriber_id: number | null;
  status: WebhookMessageStatus;
  attempts: Generated<number>;
  next_attempt_at: string;
  lease_until: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
  updated_at: string;
}

/** Consent given elsewhere and declared through the API (`confirmed: true`). */
export interface ConsentRecordsTable {
  subscriber_id: number;
  course_id: string;
  source: string;
  recorded_at: string;
}

/** One side of a couples link (both sides have a row; src/db/couples.ts). */
export interface CoupleLinksTable {
  enrollment_id: number;
  partner_id: number;
  linked_at: string;
}

export interface CoupleInvitationsTable {
  id: Generated<number>;
  inviter_id: number;
  token_id: string;
  /** Keyed hash of the invitee's address; the address itself is not kept. */
  invitee_hash: string;
  state: Generated<'pending' | 'accepted' | 'declined' | 'blocked'>;
  invitee_id: number | null;
  created_at: string;
  answered_at: string | null;
}

export interface BlockedInviteesTable {
  email_hash: string;
  created_at: string;
}

export interface CoupleWaitsTable {
  enrollment_id: number;
  step: number;
  reason: 'partner-behind' | 'partner-break';
  created_at: string;
}

/** The question a shared check-in asks, fixed when it was planned. */
export interface SharedCheckinsTable {
  enrollment_id: number;
  message_key: string;
  question: number;
}

export type CoupleInvitationRow = Selectable<CoupleInvitationsTable>;
