import { breakEndsAt } from '../course/reschedule.ts';
import { endedBreaks } from '../db/enrollments.ts';
import type { Deps } from '../deps.ts';
import type { Enrollment, EnrollmentChange } from './enrollment.ts';
import { changeSubscriber } from './preferences.ts';
import { courseOver, nextCheckinAt, nextLessonAt } from './preferences-schedule.ts';

const PAGE = 200;

/**
 * Takes a break from all mail, until a local date (the break ends at the send time that
 * day) or until the subscriber resumes. The place in the course (round, next_step) is kept;
 * nothing is scheduled while paused, and resuming schedules the next lesson afresh.
 */
export function takeBreak(deps: Pick<Deps, 'db' | 'clock'>, id: number, until: string | null) {
  return changeSubscriber(deps, id, async (subscriber) => {
    if (subscriber.status !== 'active' && subscriber.status !== 'completed') return null;
    return {
      status: 'paused',
      pausedUntil: until
        ? breakEndsAt(until, { sendTime: subscriber.sendTime, zone: subscriber.timezone })
        : null,
      nextSendAt: null,
      nextCheckinAt: null,
    };
  });
}

/** Ends a break now, at the subscriber's request. */
export function resume(deps: Pick<Deps, 'db' | 'clock' | 'courses'>, id: number) {
  return changeSubscriber(deps, id, (subscriber, now) =>
    subscriber.status === 'paused' ? resumed(deps, subscriber, now) : Promise.resolve(null),
  );
}

/**
 * Ends every break whose date has come; part of each scheduler pass (before planning, so a
 * lesson due at the end of a break goes out in the same pass). The schedule is computed from
 * the instant the break ended rather than from now, so a pass that runs a minute late (or a
 * day, after downtime) still sends that day's lesson.
 */
export async function resumeEndedBreaks(
  deps: Pick<Deps, 'db' | 'courses'>,
  now: Date,
  options: { max?: number } = {},
): Promise<number> {
  let budget = options.max ?? Number.POSITIVE_INFINITY;
  let count = 0;
  for (;;) {
    const limit = Math.min(PAGE, budget);
    if (limit <= 0) return count;
    budget -= limit;
    const ended = await endedBreaks(deps.db, { now: now.toISOString(), limit });
    let progressed = false;
    for (const subscriber of ended) {
      if (await resumeOne(deps, subscriber.id, now)) {
        progressed = true;
        count++;
      }
    }
    // A full page where nobody could be resumed was taken by a concurrent pass: stop.
    if (ended.length < limit || !progressed) return count;
  }
}

async function resumeOne(deps: Pick<Deps, 'db' | 'courses'>, id: number, now: Date) {
  try {
    const outcome = await changeSubscriber({ db: deps.db, clock: () => now }, id, (fresh) => {
      if (fresh.status !== 'paused' || !fresh.pausedUntil) return Promise.resolve(null);
      const endedAt = fresh.pausedUntil;
      return endedAt > now ? Promise.resolve(null) : resumed(deps, fresh, endedAt);
    });
    return outcome.ok;
  } catch {
    // Changed under us again and again: still paused and due, so the next pass retries.
    return false;
  }
}

async function resumed(
  deps: Pick<Deps, 'db' | 'courses'>,
  subscriber: Enrollment,
  from: Date,
): Promise<EnrollmentChange> {
  const over = courseOver(subscriber, deps.courses.of(subscriber.courseId).lessons.length);
  const running = { ...subscriber, status: over ? ('completed' as const) : ('active' as const) };
  return {
    status: running.status,
    pausedUntil: null,
    nextSendAt: over ? null : await nextLessonAt(deps.db, running, from),
    nextCheckinAt: await nextCheckinAt(deps.db, running, from),
  };
}

/**
 * Starts the course again from lesson 1 on the next local day (no new welcome). A new round,
 * so every message key is fresh and the earlier round's deliveries stay as they were.
 */
export function restart(deps: Pick<Deps, 'db' | 'clock'>, id: number) {
  return changeSubscriber(deps, id, async (subscriber, now) => {
    if (!['active', 'paused', 'completed'].includes(subscriber.status)) return null;
    const nextLesson = await nextLessonAt(deps.db, subscriber, now, { laterDay: true });
    return {
      status: 'active',
      round: subscriber.round + 1,
      nextStep: 1,
      nextSendAt: nextLesson,
      pausedUntil: null,
      nextCheckinAt:
        subscriber.status === 'paused'
          ? await nextCheckinAt(deps.db, subscriber, now)
          : subscriber.nextCheckinAt,
    };
  });
}
