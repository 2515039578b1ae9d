import { deliveriesOf } from '../db/deliveries.ts';
import { enrollmentsOf } from '../db/enrollments.ts';
import type { Deps } from '../deps.ts';
import { journalOf } from '../reflections/journal.ts';
import type { Enrollment, Subscriber } from '../subscribers/enrollment.ts';

/**
 * Everything Tend keeps about a person, in their own words where they wrote any: the
 * address, and for every course they took its settings and schedule, every email (which
 * message, its state and dates) and the journal, decrypted. Internal keys (token ids,
 * provider ids, batch keys) are left out: they are not about the person, and a token id is
 * half of a working link.
 */
export async function exportOf(
  deps: Pick<Deps, 'db' | 'cipher' | 'courses' | 'clock'>,
  person: Pick<Subscriber, 'id' | 'email' | 'name' | 'createdAt'>,
) {
  const enrollments = await enrollmentsOf(deps.db, person.id);
  return {
    exportedAt: deps.clock().toISOString(),
    profile: { email: person.email, name: person.name, createdAt: person.createdAt },
    enrollments: await Promise.all(
      enrollments.map((enrollment) => enrollmentExport(deps, enrollment)),
    ),
  };
}

async function enrollmentExport(
  deps: Pick<Deps, 'db' | 'cipher' | 'courses'>,
  subscriber: Enrollment,
) {
  const [deliveries, journal] = await Promise.all([
    deliveriesOf(deps.db, subscriber.id),
    journalOf(deps, subscriber),
  ]);
  return {
    course: { id: subscriber.courseId, title: deps.courses.byId(subscriber.courseId)?.title },
    settings: {
      role: subscriber.role,
      timezone: subscriber.timezone,
      sendTime: subscriber.sendTime,
      sendDays: subscriber.sendDays,
      discreet: subscriber.discreet,
      acknowledgeReplies: subscriber.acknowledgeReplies,
      checkins: {
        days: subscriber.checkinDays,
        time: subscriber.checkinTime,
        next: subscriber.nextCheckinAt,
      },
      status: subscriber.status,
      round: subscriber.round,
      nextStep: subscriber.nextStep,
      nextEmailAt: subscriber.nextSendAt,
      pausedUntil: subscriber.pausedUntil,
      stopReason: subscriber.stopReason,
      createdAt: subscriber.createdAt,
      confirmedAt: subscriber.confirmedAt,
      unsubscribedAt: subscriber.unsubscribedAt,
      updatedAt: subscriber.updatedAt,
    },
    deliveries: deliveries.map((delivery) => ({
      message: delivery.messageKey,
      round: delivery.round,
      status: delivery.status,
      createdAt: delivery.createdAt,
      dueAt: delivery.dueAt,
      sentAt: delivery.sentAt,
    })),
    reflections: journal.map((section) => ({
      message: section.messageKey,
      heading: section.heading,
      prompt: section.prompt,
      entries: section.entries.map((entry) => ({
        source: entry.source,
        text: entry.text,
        writtenAt: entry.writtenAt,
      })),
    })),
  };
}
