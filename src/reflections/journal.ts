import type { PartnerSide } from '../couples/reveal.ts';
import type { Role } from '../course/course.ts';
import { type Course, lessonPrompt } from '../course/course.ts';
import { momentInWords } from '../course/human-time.ts';
import { isCheckinKey } from '../course/message-key.ts';
import { sharedCheckinsOf } from '../db/couples.ts';
import { deliveriesOf } from '../db/deliveries.ts';
import { reflectionsOf } from '../db/reflections.ts';
import type { ReflectionSource } from '../db/schema.ts';
import type { Delivery } from '../delivery/delivery.ts';
import type { Deps } from '../deps.ts';

export interface JournalEntry {
  readonly id: number;
  readonly source: ReflectionSource;
  readonly text: string;
  readonly writtenAt: string;
  /** Shared with the partner (couples mode). */
  readonly shared: boolean;
}

/** What a subscriber wrote about one message, with the prompt they answered. */
export interface JournalSection {
  readonly messageKey: string;
  readonly deliveryId: number;
  readonly heading: string;
  readonly prompt: string;
  readonly entries: readonly JournalEntry[];
  /** The partner's side of this lesson (couples mode), when linked. */
  readonly partner?: PartnerSide<JournalEntry>;
}

/** The heading of replies stored before only prompts took replies (to a welcome, say). */
const OTHER_REPLIES = 'A reply to another email';

/** The prompt and heading of a message a reflection can answer, or null for other mail. */
export function promptFor(
  course: Course,
  messageKey: string,
  role: Role | null,
  checkinIndex = 0,
): { heading: string; prompt: string } | null {
  const step = /^lesson:(\d+)$/.exec(messageKey)?.[1];
  const lesson = step ? course.lessons[Number(step) - 1] : undefined;
  if (lesson) {
    return { heading: `Step ${lesson.step}: ${lesson.title}`, prompt: lessonPrompt(lesson, role) };
  }
  const date = /^checkin:(\d{4}-\d{2}-\d{2})$/.exec(messageKey)?.[1];
  if (date) {
    const questions = course.checkins.questions;
    return {
      heading: `Check-in, ${date}`,
      prompt: questions[checkinIndex % questions.length] ?? '',
    };
  }
  return null;
}

/**
 * Which check-in question a check-in delivery asked: questions go in rotation, so it is the
 * number of check-ins the subscriber had before this one.
 */
export function checkinIndexOf(delivery: Delivery, all: readonly Delivery[]): number {
  return all.filter((d) => isCheckinKey(d.messageKey) && d.id < delivery.id).length;
}

/**
 * A subscriber's journal, decrypted, in the order of the course. Entries that cannot be
 * decrypted (a changed SECRET_KEY) are left out rather than shown as noise.
 */
export async function journalOf(
  deps: Pick<Deps, 'db' | 'cipher' | 'courses'>,
  subscriber: { id: number; role: Role | null; courseId: string },
): Promise<JournalSection[]> {
  const [reflections, deliveries, shared] = await Promise.all([
    reflectionsOf(deps.db, subscriber.id),
    deliveriesOf(deps.db, subscriber.id),
    sharedCheckinsOf(deps.db, subscriber.id),
  ]);
  const byDelivery = new Map(deliveries.map((d) => [d.id, d]));
  const sections = new Map<number, { section: JournalSection; entries: JournalEntry[] }>();
  for (const reflection of reflections) {
    const delivery = byDelivery.get(reflection.deliveryId);
    if (!delivery) continue;
    const text = await deps.cipher.decrypt(reflection.ciphertext, {
      enrollmentId: subscriber.id,
      deliveryId: delivery.id,
    });
    if (text === null) continue;
    let group = sections.get(delivery.id);
    if (!group) {
      // A shared check-in asked the question fixed for both partners (couples mode).
      const index = shared.get(delivery.messageKey) ?? checkinIndexOf(delivery, deliveries);
      const about = promptFor(
        deps.courses.of(subscriber.courseId),
        delivery.messageKey,
        subscriber.role,
        index,
      );
      const entries: JournalEntry[] = [];
      group = {
        entries,
        section: {
          messageKey: delivery.messageKey,
          deliveryId: delivery.id,
          // Replies to mail without a prompt are no longer stored; older ones still show.
          heading: about?.heading ?? OTHER_REPLIES,
          prompt: about?.prompt ?? '',
          entries,
        },
      };
      sections.set(delivery.id, group);
    }
    group.entries.push({
      id: reflection.id,
      source: reflection.source,
      text,
      writtenAt: reflection.createdAt.toISOString(),
      shared: reflection.shared,
    });
  }
  return [...sections.values()]
    .map((group) => group.section)
    .sort((a, b) => a.deliveryId - b.deliveryId);
}

/** "Sunday 28 December, 07:30 your time, by email": when and how an entry was written. */
export function entryDate(entry: JournalEntry, zone: string): string {
  const how = entry.source === 'email' ? 'by email' : 'on the web';
  return `${momentInWords(entry.writtenAt, zone)} your time, ${how}`;
}

/** The journal as a Markdown document, for download; dates on the subscriber's clock. */
export function journalMarkdown(
  journals: readonly { title: string; sections: readonly JournalSection[] }[],
  zone: string,
): string {
  const lines: string[] = [];
  for (const { title, sections } of journals) {
    lines.push(`# My journal: ${title}`, '');
    if (sections.length === 0) lines.push('Nothing written yet.', '');
    for (const section of sections) {
      lines.push(`## ${section.heading}`, '');
      if (section.prompt) lines.push(`> ${section.prompt}`, '');
      for (const entry of section.entries) {
        lines.push(`*${entryDate(entry, zone)}*`, '');
        lines.push(entry.text, '');
      }
    }
  }
  return lines.join('\n');
}

/** The journals of several enrollments (a person's courses), each under its course's title. */
export async function journalsOf(
  deps: Pick<Deps, 'db' | 'cipher' | 'courses'>,
  enrollments: readonly { id: number; role: Role | null; courseId: string }[],
): Promise<{ title: string; sections: JournalSection[] }[]> {
  const journals = [];
  for (const enrollment of enrollments) {
    journals.push({
      title: deps.courses.byId(enrollment.courseId)?.title ?? enrollment.courseId,
      sections: await journalOf(deps, enrollment),
    });
  }
  return journals;
}
