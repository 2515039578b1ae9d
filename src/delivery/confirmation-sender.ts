import { confirmKey, WELCOME_KEY } from '../course/message-key.ts';
import { roleChoices } from '../course/roles.ts';
import type { Deps } from '../deps.ts';
import { stubTokens } from '../tokens/links.ts';
import { type Coalescing, coalescing } from './coalescing.ts';
import { composerFor, sendConfirmations } from './send.ts';

/**
 * The process's confirmation sender (Node): a signup queues its confirmation, answers, and
 * kicks this; it runs a confirmation-only sending pass (sendConfirmations), one at a time,
 * kicks during a pass asking for one more, so that confirmations queued meanwhile go out
 * together in batches. A pass that fails is logged, with reasons and counts only; the rows
 * are durable, so the scheduler's next pass sends whatever a failed pass or a crash left.
 */
export function confirmationSender(
  deps: Deps,
  options: { defer?: (start: () => void) => void } = {},
): Coalescing {
  // confirmationPass logs its own failures and never rejects: nothing is left for onError.
  return coalescing(
    () => confirmationPass(deps),
    () => {},
    options.defer,
  );
}

/**
 * One confirmation-only sending pass, as both runtimes run it after a signup: never rejects;
 * what it could not send, and why it failed, are logged with reasons and counts only.
 */
export async function confirmationPass(deps: Deps): Promise<void> {
  try {
    const report = await sendConfirmations(deps, deps.clock());
    if (report.failed + report.retried > 0 || report.pausedUntil) {
      deps.log.warn('confirmations.unsent', {
        sent: report.sent,
        failed: report.failed,
        retried: report.retried,
        ...(report.pausedUntil ? { pausedUntil: report.pausedUntil.toISOString() } : {}),
      });
    }
  } catch (error) {
    deps.log.error('confirmations.failed', {
      reason: error instanceof Error ? error.message : String(error),
    });
  }
}

/**
 * Renders the variants a signup and a confirmation need at once, the confirmation's and the
 * welcome's (every role and none, plain and discreet), into the process's composer before
 * the server takes requests: the first render of each costs a React render (a few hundred ms
 * on a cold process, seconds under load), which would otherwise land in the first sending
 * pass and hold up every request, or the first welcome, behind it.
 */
export async function warmStartVariants(deps: Deps): Promise<void> {
  for (const course of deps.courses.all) {
    const composer = composerFor(deps, course);
    for (const messageKey of [confirmKey(1), WELCOME_KEY]) {
      for (const role of roleChoices(course)) {
        for (const discreet of [false, true]) {
          await composer.compose({
            subscriber: { email: 'warm-up@invalid', name: null, role, discreet },
            delivery: { id: 0, messageKey, tokenId: 'warm-up' },
            tokens: stubTokens('warm-up'),
          });
        }
      }
    }
  }
}
