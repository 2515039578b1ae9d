import { confirmationDeliveries, insertDelivery } from '../db/deliveries.ts';
import {
  ENROLLED,
  findSubscriberByEmail,
  insertSubscriber,
  updateSubscriberIfStatus,
} from '../db/subscribers.ts';
import { isAddressHashSuppressed } from '../db/suppressed-addresses.ts';
import { sendDue } from '../delivery/send.ts';
import type { Deps } from '../deps.ts';
import { newTokenId } from '../tokens/token.ts';
import type { SignupInput } from './signup-input.ts';

/** A pending address gets at most one new confirmation email per this interval. */
export const RESEND_CONFIRMATION_AFTER_MS = 10 * 60 * 1000;

/**
 * Handles a signup without revealing whether the address was known: the caller answers the
 * same in every case. New and returning (unsubscribed, bounced) addresses become pending and
 * get a confirmation; pending ones get another at most every ten minutes; enrolled ones
 * (active, paused, completed) get nothing, and their settings are not touched, since the
 * person signing up may not be the owner of the address. An address erased after it left
 * (src/subscribers/erase.ts) gets nothing, ever.
 */
export async function signUp(deps: Deps, input: SignupInput): Promise<void> {
  const now = deps.clock();
  const nowIso = now.toISOString();
  const profile = {
    name: input.name,
    role: input.role,
    timezone: input.timezone,
    send_time: input.sendTime,
    discreet: input.discreet ? 1 : 0,
    updated_at: nowIso,
  };
  const hash = await deps.addressHasher(input.email);
  if (await isAddressHashSuppressed(deps.db, hash)) return;
  const existing = await findSubscriberByEmail(deps.db, input.email);
  if (existing && ENROLLED.includes(existing.status)) return;

  let subscriberId: number;
  if (!existing) {
    subscriberId = await insertSubscriber(deps.db, {
      email: input.email,
      ...profile,
      course_id: deps.course.id,
      status: 'pending',
      next_send_at: null,
      paused_until: null,
      stop_reason: null,
      created_at: nowIso,
      confirmed_at: null,
      unsubscribed_at: null,
    });
  } else {
    subscriberId = existing.id;
    const from = ['pending', 'unsubscribed', 'bounced', 'complained', 'suppressed'] as const;
    // A returning address starts afresh: check-ins asked for before leaving stay off.
    const updated = await updateSubscriberIfStatus(deps.db, existing.id, from, {
      ...profile,
      status: 'pending',
      checkin_days: '',
      next_checkin_at: null,
    });
    if (!updated) return;
  }

  const previous = await confirmationDeliveries(deps.db, subscriberId);
  const last = previous[0];
  if (last && now.getTime() - Date.parse(last.created_at) < RESEND_CONFIRMATION_AFTER_MS) return;
  await insertDelivery(deps.db, {
    subscriberId,
    round: existing?.round ?? 0,
    messageKey: `confirm:${previous.length + 1}`,
    tokenId: newTokenId(),
    dueAt: nowIso,
    now: nowIso,
  });
  await sendDue(deps, now, { subscriberId });
}
