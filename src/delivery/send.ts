import {
  type ClaimedDelivery,
  claimDueDeliveries,
  markDeliveryFailed,
  markDeliverySent,
  requeueDelivery,
} from '../db/deliveries.ts';
import type { Deps } from '../deps.ts';
import { EmailComposer } from '../mail/compose.ts';
import { decide } from './retry.ts';

const CLAIM = 100;
/** A claim outlives any sane send; after it, another run may take the delivery over. */
const LEASE_MS = 10 * 60 * 1000;

export interface SendReport {
  sent: number;
  failed: number;
  retried: number;
  /** Set when the provider said a quota is spent: nothing more is sent before then. */
  pausedUntil?: Date;
}

/**
 * Claims due deliveries in pages and sends them: claim -> render -> send -> record. The row
 * exists before the mailer is called and its key goes to the provider, so a run that dies
 * after sending but before recording is repeated under the same key and not delivered twice.
 */
export async function sendDue(
  deps: Deps,
  now: Date,
  options: { subscriberId?: number; composer?: EmailComposer; maxEmails?: number } = {},
): Promise<SendReport> {
  const composer = options.composer ?? composerFor(deps);
  const report: SendReport = { sent: 0, failed: 0, retried: 0 };
  const nowIso = now.toISOString();
  const leaseUntil = new Date(now.getTime() + LEASE_MS).toISOString();
  let budget = options.maxEmails ?? Number.POSITIVE_INFINITY;
  for (;;) {
    const limit = Math.min(CLAIM, budget);
    if (limit <= 0) return report;
    budget -= limit;
    const claimed = await claimDueDeliveries(deps.db, {
      now: nowIso,
      leaseUntil,
      limit,
      ...(options.subscriberId !== undefined ? { subscriberId: options.subscriberId } : {}),
    });
    for (const item of claimed) {
      if (report.pausedUntil) {
        await requeueDelivery(deps.db, item.delivery.id, {
          reason: 'provider quota reached',
          retryAt: report.pausedUntil.toISOString(),
          now: nowIso,
        });
        continue;
      }
      await sendOne(deps, composer, item, now, report);
    }
    if (claimed.length < limit || report.pausedUntil) return report;
  }
}

export function composerFor(deps: Pick<Deps, 'course' | 'config'>): EmailComposer {
  return new EmailComposer({
    course: deps.course,
    publicUrl: deps.config.publicUrl,
    mailFrom: deps.config.mailFrom,
    replyDomain: deps.config.replyDomain,
  });
}

async function sendOne(
  deps: Deps,
  composer: EmailComposer,
  { delivery, subscriber }: ClaimedDelivery,
  now: Date,
  report: SendReport,
): Promise<void> {
  const nowIso = now.toISOString();
  let email: Awaited<ReturnType<EmailComposer['compose']>>;
  try {
    const token = await deps.signer.sign(delivery.token_id);
    email = await composer.compose({ subscriber, delivery, token });
  } catch (error) {
    deps.log.error('delivery.render_failed', {
      delivery: delivery.id,
      message: delivery.message_key,
      reason: (error as Error).message,
    });
    await markDeliveryFailed(deps.db, delivery.id, { reason: 'could not render', now: nowIso });
    report.failed++;
    return;
  }
  const result = await deps.mailer.send(email);
  if (result.ok) {
    await markDeliverySent(deps.db, delivery.id, { providerId: result.providerId, now: nowIso });
    report.sent++;
    return;
  }
  const decision = decide(result.failure, {
    attempts: delivery.attempts,
    firstQueuedAt: new Date(delivery.created_at),
    now,
  });
  deps.log.warn('delivery.send_failed', {
    delivery: delivery.id,
    message: delivery.message_key,
    kind: result.failure.kind,
    reason: result.failure.reason,
    action: decision.action,
  });
  switch (decision.action) {
    case 'fail':
      await markDeliveryFailed(deps.db, delivery.id, { reason: decision.reason, now: nowIso });
      report.failed++;
      return;
    case 'retry':
      await requeueDelivery(deps.db, delivery.id, {
        reason: result.failure.reason,
        retryAt: decision.at.toISOString(),
        now: nowIso,
      });
      report.retried++;
      return;
    case 'pause':
      await requeueDelivery(deps.db, delivery.id, {
        reason: result.failure.reason,
        retryAt: decision.until.toISOString(),
        now: nowIso,
      });
      report.retried++;
      report.pausedUntil = decision.until;
      return;
  }
}
