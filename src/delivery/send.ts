import type { WaitReason } from '../couples/pace.ts';
import type { Course } from '../course/course.ts';
import {
  type BatchMember,
  batchMembers,
  claimConfirmations,
  claimNewBatch,
  failBatch,
  failMember,
  loneKey,
  reclaimOpenBatch,
  recordSent,
  releaseBatch,
  requeueBatch,
} from '../db/delivery-batches.ts';
import { activePause, pauseSending } from '../db/provider-pause.ts';
import type { Deps } from '../deps.ts';
import { EmailComposer } from '../mail/compose.ts';
import {
  type BatchResult,
  MAX_BATCH,
  type OutgoingEmail,
  type SendFailure,
} from '../mail/message.ts';
import { emitEvents } from '../outgoing/emit.ts';
import { emailTokens } from '../tokens/links.ts';
import { batchWaits, messageContext } from './context.ts';
import { decide } from './retry.ts';

/** A claim outlives any sane call; after it, another run may take the batch over. */
const LEASE_MS = 10 * 60 * 1000;
/** Calls in a row that get no usable answer before a run gives up until the next tick. */
const UNANSWERED_BEFORE_STOP = 3;

export interface SendReport {
  sent: number;
  failed: number;
  retried: number;
  /** Set when the provider said the account cannot send: nothing more is sent before then. */
  pausedUntil?: Date;
}

/**
 * Sends what is due, one provider call at a time: claim -> render -> send -> record, with
 * the next batch claimed and rendered while the current call is in flight. Confirmations
 * go first (claimConfirmations: up to MAX_BATCH in one call, a lone one through the
 * single-email endpoint); then batches left open by an earlier run (retries, crashed runs),
 * then new batches of up to MAX_BATCH course emails.
 *
 * Exactly once: a delivery row exists before the provider is called, the claim fixes the
 * batch's members and Idempotency-Key, and a batch is only ever re-sent whole, in the same
 * order, under the same key, so the provider de-duplicates a retry of a call that went
 * through. Memory stays bounded: at most two batches are in hand, the one in flight and
 * the next. A run that stops early gives the next one back (releaseBatch).
 *
 * `maxEmails` bounds the new emails a run takes on (a batch left open is re-sent whole).
 * `more`, when planning runs alongside (the Node tick), is asked whenever nothing is left
 * to claim: the run ends only when it resolves false.
 */
export function sendDue(
  deps: Deps,
  now: Date,
  options: SendOptions & { enrollmentId?: number; maxEmails?: number } = {},
): Promise<SendReport> {
  return sendClaimed(deps, now, options, async (claim, limit) => {
    return (
      (await claimConfirmationBatch(deps, claim, limit)) ??
      (await reclaimOpenBatch(deps.db, claim)) ??
      (await claimFresh(deps, claim, limit))
    );
  });
}

/**
 * Sends the confirmations waiting to go, and nothing else: what runs right after a signup
 * has been answered (on Node by the process's confirmation sender, on Workers in waitUntil).
 * Whatever has queued up since the last run goes in batches of up to MAX_BATCH, one provider
 * call each. Batches left open by a failed call wait for the scheduler's sendDue, which
 * retries them when they fall due.
 */
export function sendConfirmations(
  deps: Deps,
  now: Date,
  options: { composer?: EmailComposer } = {},
): Promise<SendReport> {
  return sendClaimed(deps, now, options, (claim, limit) =>
    claimConfirmationBatch(deps, claim, limit),
  );
}

interface SendOptions {
  composer?: EmailComposer;
  /** Resolves true when more may have been queued since (claim again), false when not. */
  more?: () => Promise<boolean>;
}

interface Claim {
  readonly now: string;
  readonly leaseUntil: string;
  readonly enrollmentId: number | undefined;
}

/** The loop of a sending run: `next` claims a batch of at most `limit` new emails. */
async function sendClaimed(
  deps: Deps,
  now: Date,
  options: SendOptions & { enrollmentId?: number; maxEmails?: number },
  next: (claim: Claim, limit: number) => Promise<string | null>,
): Promise<SendReport> {
  const report: SendReport = { sent: 0, failed: 0, retried: 0 };
  const nowIso = now.toISOString();
  const pause = await activePause(deps.db, nowIso);
  if (pause) {
    report.pausedUntil = new Date(pause.until);
    return report;
  }
  const fixed = options.composer;
  const composer = (courseId: string) => fixed ?? composerFor(deps, deps.courses.of(courseId));
  const claim: Claim = {
    now: nowIso,
    leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString(),
    enrollmentId: options.enrollmentId,
  };
  let budget = options.maxEmails ?? Number.POSITIVE_INFINITY;
  const take = async (): Promise<PreparedBatch | null> => {
    if (budget <= 0) return null;
    let key = await next(claim, Math.min(MAX_BATCH, budget));
    while (!key && options.more && (await options.more())) {
      key = await next(claim, Math.min(MAX_BATCH, budget));
    }
    if (!key) return null;
    const batch = await prepareBatch(deps, composer, key, now, report);
    budget -= batch.attempted;
    return batch;
  };
  let unanswered = 0;
  let batch = await take();
  while (batch) {
    // The next batch is claimed and composed while this one's call is in flight, so the
    // run's CPU and the provider's answer overlap; the provider still gets one call at a time.
    const [outcome, following] = await Promise.all([
      deliverBatch(deps, batch, now, report),
      take(),
    ]);
    unanswered = outcome.stop === 'unanswered' ? unanswered + 1 : 0;
    if (
      outcome.stop === 'pause' ||
      outcome.stop === 'throttled' ||
      unanswered >= UNANSWERED_BEFORE_STOP
    ) {
      if (following) await releaseBatch(deps.db, following.key, nowIso);
      break;
    }
    batch = following;
  }
  return report;
}

const newBatchKey = () => `tend-batch-${crypto.randomUUID()}`;

function claimConfirmationBatch(deps: Deps, claim: Claim, limit: number): Promise<string | null> {
  return claimConfirmations(deps.db, { ...claim, key: newBatchKey(), limit });
}

async function claimFresh(deps: Deps, claim: Claim, limit: number): Promise<string | null> {
  const key = newBatchKey();
  const claimed = await claimNewBatch(deps.db, { ...claim, key, limit });
  return claimed > 0 ? key : null;
}

const composers = new WeakMap<Deps['config'], WeakMap<Course, EmailComposer>>();

/**
 * The composer of a course under a configuration, one per process: its variants are
 * rendered once for the life of the process, not once per sending run (a signup's sending
 * run is one confirmation, and a React render costs a hundred times more than filling a
 * variant in).
 */
export function composerFor(deps: Pick<Deps, 'config'>, course: Course): EmailComposer {
  let byCourse = composers.get(deps.config);
  if (!byCourse) {
    byCourse = new WeakMap();
    composers.set(deps.config, byCourse);
  }
  let composer = byCourse.get(course);
  if (!composer) {
    composer = new EmailComposer({
      course,
      publicUrl: deps.config.publicUrl,
      mailFrom: deps.config.mailFrom,
      replyDomain: deps.config.replyDomain,
    });
    byCourse.set(course, composer);
  }
  return composer;
}

/** Picks the composer of a member's course. */
type ComposerOf = (courseId: string) => EmailComposer;

interface BatchOutcome {
  /** Why the run should not go on: the account is paused, the provider asked us to slow
   * down, or the call got no usable answer. */
  stop?: 'pause' | 'throttled' | 'unanswered';
}

/** A claimed batch, composed and ready for its provider call. */
interface PreparedBatch {
  readonly key: string;
  /** Rows this run tried to settle. */
  readonly attempted: number;
  readonly payload: readonly { member: BatchMember; email: OutgoingEmail }[];
  /** The members still to settle: rows settled by an earlier, partly recorded answer ride
   * along in the payload (same payload, same key) but are not recorded again. */
  readonly open: readonly BatchMember[];
}

async function prepareBatch(
  deps: Deps,
  composer: ComposerOf,
  key: string,
  now: Date,
  report: SendReport,
): Promise<PreparedBatch> {
  const nowIso = now.toISOString();
  const members = await batchMembers(deps.db, key);
  const attempted = members.filter((member) => member.delivery.status === 'sending').length;
  const payload: { member: BatchMember; email: OutgoingEmail }[] = [];
  const waits = await batchWaits(deps, members);
  for (const member of members) {
    const email = await render(deps, composer, member, waits.get(member.delivery.id));
    if (email) {
      payload.push({ member, email });
    } else if (member.delivery.status === 'sending') {
      await failMember(deps.db, member.delivery.id, { reason: 'could not render', now: nowIso });
      report.failed++;
    }
  }
  const open = payload
    .map((entry) => entry.member)
    .filter((member) => member.delivery.status === 'sending');
  return { key, attempted, payload, open };
}

async function deliverBatch(
  deps: Deps,
  { key, payload, open }: PreparedBatch,
  now: Date,
  report: SendReport,
): Promise<BatchOutcome> {
  const nowIso = now.toISOString();
  if (open.length === 0) return {};

  const result = await call(deps, key, payload);
  if (result.ok) {
    const providerIds = new Map<number, string | null>();
    for (const [index, { member }] of payload.entries()) {
      const outcome = result.results[index];
      if (member.delivery.status !== 'sending' || !outcome) continue;
      if (outcome.ok) {
        providerIds.set(member.delivery.id, outcome.providerId);
      } else {
        deps.log.warn('delivery.rejected', {
          delivery: member.delivery.id,
          message: member.delivery.messageKey,
          reason: outcome.failure.reason,
        });
        await failMember(deps.db, member.delivery.id, {
          reason: outcome.failure.reason,
          now: nowIso,
        });
        report.failed++;
      }
    }
    await recordSent(deps.db, providerIds, nowIso);
    await emitEvents(
      deps,
      payload
        .filter(({ member }) => providerIds.has(member.delivery.id))
        .map(({ member: { delivery, subscriber } }) => ({
          type: 'email.sent',
          data: {
            subscriber_id: subscriber.subscriberId,
            enrollment_id: delivery.enrollmentId,
            delivery_id: delivery.id,
            message: delivery.messageKey,
          },
        })),
    );
    report.sent += providerIds.size;
    return {};
  }
  return settleFailure(deps, key, open, result.failure, now, report);
}

/**
 * The emails through the provider: a batch claimed under its only member's own key (a lone
 * confirmation, see claimConfirmations) through the single-email endpoint, anything else as
 * a batch. Decided by the key, which the claim fixed, so a retry takes the same endpoint.
 */
async function call(
  deps: Deps,
  key: string,
  payload: readonly { member: BatchMember; email: OutgoingEmail }[],
): Promise<BatchResult> {
  const [only] = payload;
  try {
    if (payload.length === 1 && only && key === loneKey(only.member.delivery.tokenId)) {
      const result = await deps.mailer.send({ ...only.email, idempotencyKey: key });
      return result.ok ? { ok: true, results: [result] } : result;
    }
    return await deps.mailer.sendBatch(
      payload.map((entry) => entry.email),
      key,
    );
  } catch (error) {
    // Adapters report failures as values; a throw is a bug or a broken connection, and the
    // call may have reached the provider: retry it under the same key.
    return {
      ok: false,
      failure: { kind: 'retryable', reason: `mailer threw: ${(error as Error).message}` },
    };
  }
}

async function settleFailure(
  deps: Deps,
  key: string,
  open: readonly BatchMember[],
  failure: SendFailure,
  now: Date,
  report: SendReport,
): Promise<Pick<BatchOutcome, 'stop'>> {
  const nowIso = now.toISOString();
  const decision = decide(failure, {
    attempts: Math.max(...open.map((member) => member.delivery.attempts)),
    firstQueuedAt: new Date(Math.min(...open.map((member) => member.delivery.createdAt.getTime()))),
    now,
  });
  deps.log.warn('delivery.batch_failed', {
    batch: key,
    emails: open.length,
    kind: failure.kind,
    reason: failure.reason,
    action: decision.action,
  });
  switch (decision.action) {
    case 'fail':
      await failBatch(deps.db, key, { reason: decision.reason, now: nowIso });
      report.failed += open.length;
      return {};
    case 'retry':
      await requeueBatch(deps.db, key, {
        at: decision.at.toISOString(),
        reason: failure.reason,
        now: nowIso,
      });
      report.retried += open.length;
      return {
        stop:
          failure.kind === 'retryable' && failure.retryAfterMs !== undefined
            ? 'throttled'
            : 'unanswered',
      };
    case 'pause': {
      const until = decision.until.toISOString();
      await pauseSending(deps.db, { until, reason: failure.reason, now: nowIso });
      await requeueBatch(deps.db, key, { at: until, reason: failure.reason, now: nowIso });
      report.retried += open.length;
      report.pausedUntil = decision.until;
      deps.log.warn('delivery.paused', { until, reason: failure.reason });
      return { stop: 'pause' };
    }
  }
}

async function render(
  deps: Deps,
  composer: ComposerOf,
  { delivery, subscriber }: BatchMember,
  /** The lesson waited for the partner (couples mode): its email says why. */
  waited: WaitReason | undefined,
): Promise<OutgoingEmail | null> {
  try {
    const tokens = await emailTokens(deps.signer, delivery);
    const context = await messageContext(deps, delivery, subscriber);
    return await composer(subscriber.courseId).compose({
      subscriber,
      delivery,
      tokens,
      ...context,
      ...(waited ? { waited } : {}),
    });
  } catch (error) {
    deps.log.error('delivery.render_failed', {
      delivery: delivery.id,
      message: delivery.messageKey,
      reason: (error as Error).message,
    });
    return null;
  }
}
