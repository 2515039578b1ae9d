import { CLOSING_KEY, isCheckinKey } from '../course/message-key.ts';
import { checkinsBefore } from '../db/deliveries.ts';
import type { Delivery } from '../delivery/delivery.ts';
import type { Deps } from '../deps.ts';
import { journalOf } from '../reflections/journal.ts';
import { buildRecap } from '../reflections/recap.ts';
import type { Enrollment } from '../subscribers/enrollment.ts';

/** What a few messages need beyond the variant: looked up only for those messages. */
export interface MessageContext {
  readonly recap?: { html: string; text: string };
  readonly checkinIndex?: number;
}

/**
 * The per-recipient content of a message: the closing email's recap of the subscriber's own
 * reflections, and which question a check-in asks. Other messages need nothing, so a day's
 * lessons cost no extra queries.
 */
export async function messageContext(
  deps: Pick<Deps, 'db' | 'cipher' | 'courses'>,
  delivery: Pick<Delivery, 'id' | 'enrollmentId' | 'messageKey'>,
  subscriber: Pick<Enrollment, 'id' | 'role' | 'courseId'>,
): Promise<MessageContext> {
  if (delivery.messageKey === CLOSING_KEY) {
    return { recap: buildRecap(await journalOf(deps, subscriber)) };
  }
  if (isCheckinKey(delivery.messageKey)) {
    // One COUNT (the same rule as checkinIndexOf), not every delivery the subscriber had.
    return { checkinIndex: await checkinsBefore(deps.db, delivery) };
  }
  return {};
}
