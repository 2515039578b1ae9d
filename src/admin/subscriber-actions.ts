import { sendConfirmations } from '../delivery/send.ts';
import type { Deps } from '../deps.ts';
import type { Enrollment } from '../subscribers/enrollment.ts';
import { erase } from '../subscribers/erase.ts';
import { resume, takeBreak } from '../subscribers/preferences-break.ts';
import { signUp } from '../subscribers/signup.ts';
import { unsubscribe } from '../subscribers/unsubscribe.ts';

/** What the operator can do to one subscriber from the console. */
export const SUBSCRIBER_ACTIONS = [
  'resend-confirmation',
  'pause',
  'resume',
  'unsubscribe',
  'erase',
] as const;
export type SubscriberAction = (typeof SUBSCRIBER_ACTIONS)[number];

export function isSubscriberAction(value: string): value is SubscriberAction {
  return (SUBSCRIBER_ACTIONS as readonly string[]).includes(value);
}

/** Which actions make sense for a subscriber as they are now. */
export function actionsFor(subscriber: Pick<Enrollment, 'status'>): SubscriberAction[] {
  const actions: SubscriberAction[] = [];
  if (subscriber.status === 'pending') actions.push('resend-confirmation');
  if (subscriber.status === 'active' || subscriber.status === 'completed') actions.push('pause');
  if (subscriber.status === 'paused') actions.push('resume');
  if (['pending', 'active', 'paused', 'completed'].includes(subscriber.status)) {
    actions.push('unsubscribe');
  }
  actions.push('erase');
  return actions;
}

/**
 * Carries out an action and says what happened, in a sentence for the console. Each one goes
 * through the same code a subscriber's own request does: signUp's confirmation path (with its
 * ten-minute spacing), the preferences page's break and resume, the unsubscribe link, and
 * erasure at the subscriber's request.
 */
export async function runSubscriberAction(
  deps: Deps,
  subscriber: Enrollment,
  action: SubscriberAction,
): Promise<{ ok: boolean; notice: string }> {
  switch (action) {
    case 'resend-confirmation': {
      if (subscriber.status !== 'pending') {
        return { ok: false, notice: 'Only a pending subscriber can be sent a confirmation.' };
      }
      const queued = await signUp(deps, {
        course: deps.courses.of(subscriber.courseId),
        email: subscriber.email,
        name: subscriber.name,
        role: subscriber.role,
        timezone: subscriber.timezone,
        sendTime: subscriber.sendTime,
        discreet: subscriber.discreet,
      });
      if (!queued) {
        return {
          ok: false,
          notice: 'A confirmation went out less than ten minutes ago; try again later.',
        };
      }
      // The operator's own request: it waits for the send, as nobody else's answer does.
      await sendConfirmations(deps, deps.clock());
      return { ok: true, notice: 'A new confirmation email is on its way.' };
    }
    case 'pause': {
      const outcome = await takeBreak(deps, subscriber.id, null);
      return outcome.ok
        ? { ok: true, notice: 'Paused: no mail until resumed. Their place is kept.' }
        : { ok: false, notice: 'Only an active or completed subscriber can be paused.' };
    }
    case 'resume': {
      const outcome = await resume(deps, subscriber.id);
      return outcome.ok
        ? { ok: true, notice: 'Resumed: the next email goes out at their usual time.' }
        : { ok: false, notice: 'Only a paused subscriber can be resumed.' };
    }
    case 'unsubscribe':
      await unsubscribe(deps, subscriber.id, 'operator');
      deps.log.info('subscriber.unsubscribed', { subscriber: subscriber.id, by: 'operator' });
      return { ok: true, notice: 'Unsubscribed: no more mail goes to this address.' };
    case 'erase':
      // Unsubscribed first, so erase() keeps the address's keyed hash: an operator erases at
      // the person's request, and nobody who asked to be erased should be mailed again by a
      // later import or signup.
      await unsubscribe(deps, subscriber.id, 'erased by operator');
      await erase(
        deps,
        { id: subscriber.subscriberId, email: subscriber.email },
        { suppress: true },
      );
      return {
        ok: true,
        notice: 'Erased: the subscriber and everything they wrote are gone for good.',
      };
  }
}
