import { deliveriesOf } from '../db/deliveries.ts';
import { enrollmentsOf } from '../db/enrollments.ts';
import type { EnrollmentRow, SubscriberRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { journalOf } from '../reflections/journal.ts';

/**
 * Everything Tend keeps about a person, in their own words where they wrote any: the
 * address, and for every course they took its settings and schedule, every email (which
 * message, its state and dates) and the journal, decrypted. Internal keys (token ids,
 * provider ids, batch keys) are left out: they are not about the person, and a token id is
 * half of a working link.
 */
export async function exportOf(
  deps: Pick<Deps, 'db' | 'cipher' | 'courses' | 'clock'>,
  person: Pick<SubscriberRow, 'id' | 'email' | 'name' | 'created_at'>,
) {
  const enrollments = await enrollmentsOf(deps.db, person.id);
  return {
    exportedAt: deps.clock().toISOString(),
    profile: { email: person.email, name: person.name, createdAt: person.created_at },
    enrollments: await Promise.all(
      enrollments.map((enrollment) => enrollmentExport(deps, enrollment)),
    ),
  };
}

async function enrollmentExport(
  deps: Pick<Deps, 'db' | 'cipher' | 'courses'>,
  subscriber: EnrollmentRow,
) {
  const [deliveries, journal] = await Promise.all([
    deliveriesOf(deps.db, subscriber.id),
    journalOf(deps, subscriber),
  ]);
  return {
    course: { id: subscriber.course_id, title: deps.courses.byId(subscriber.course_id)?.title },
    settings: {
      role: subscriber.role,
      timezone: subscriber.timezone,
      sendTime: subscriber.send_time,
      sendDays: subscriber.send_days,
      discreet: subscriber.discreet === 1,
      acknowledgeReplies: subscriber.acknowledge_replies === 1,
      checkins: {
        days: subscriber.checkin_days,
        time: subscriber.checkin_time,
        next: subscriber.next_checkin_at,
      },
      status: subscriber.status,
      round: subscriber.round,
      nextStep: subscriber.next_step,
      nextEmailAt: subscriber.next_send_at,
      pausedUntil: subscriber.paused_until,
      stopReason: subscriber.stop_reason,
      createdAt: subscriber.created_at,
      confirmedAt: subscriber.confirmed_at,
      unsubscribedAt: subscriber.unsubscribed_at,
      updatedAt: subscriber.updated_at,
    },
    deliveries: deliveries.map((delivery) => ({
      message: delivery.message_key,
      round: delivery.round,
      status: delivery.status,
      createdAt: delivery.created_at,
      dueAt: delivery.due_at,
      sentAt: delivery.sent_at,
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
