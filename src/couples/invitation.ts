/**
 * Invitation rules, pure. An invitation is answered by the invitee alone; the inviter only
 * ever learns "accepted". A declined or blocked invitation looks to the inviter exactly like
 * one nobody answered, and like that one it lapses after INVITATION_DAYS.
 */
export const INVITATION_STATES = ['pending', 'accepted', 'declined', 'blocked'] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];

/** How long an invitation stays open, and how long the inviter waits before another. */
export const INVITATION_DAYS = 14;
const INVITATION_MS = INVITATION_DAYS * 86_400_000;

/** What the inviter's preferences page shows: never whether it was declined or blocked. */
export type InviterView = 'none' | 'sent' | 'accepted';

export interface InvitationFacts {
  readonly state: InvitationState;
  readonly createdAt: string;
}

export function inviterView(invitation: InvitationFacts | null, now: Date): InviterView {
  if (!invitation) return 'none';
  if (invitation.state === 'accepted') return 'accepted';
  return isOpenToInviter(invitation, now) ? 'sent' : 'none';
}

/**
 * Whether the invitation still counts as the inviter's one pending invitation: any that is
 * not accepted, until it lapses. Declined and blocked count too, so that refusing does not
 * let the inviter try again sooner than silence would.
 */
export function isOpenToInviter(invitation: InvitationFacts, now: Date): boolean {
  return now.getTime() - Date.parse(invitation.createdAt) < INVITATION_MS;
}

/** Whether the invitee can still accept or decline it. */
export function isAnswerable(invitation: InvitationFacts, now: Date): boolean {
  return invitation.state === 'pending' && isOpenToInviter(invitation, now);
}

/** At most this many characters of the inviter's first name, and letters only. */
export const INVITER_NAME_MAX = 40;

/**
 * The first name shown as "from Sam": the first word of what the inviter gave, if it is a
 * plain name. Anything else (a link, an address, a sentence) is dropped, so an invitation
 * carries nothing the inviter typed but a first name.
 */
export function inviterFirstName(name: string | null | undefined): string | null {
  if (!name) return null;
  const first = name.slice(0, 200).trim().split(/\s+/)[0] ?? '';
  if (first.length === 0 || first.length > INVITER_NAME_MAX) return null;
  return /^[\p{L}][\p{L}\p{M}'’-]*$/u.test(first) ? first : null;
}
