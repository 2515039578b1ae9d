import { partnerOf } from '../db/couples.ts';
import { findEnrollment } from '../db/enrollments.ts';
import type { Deps } from '../deps.ts';
import { type JournalEntry, type JournalSection, journalOf } from '../reflections/journal.ts';
import { partnerSides } from './reveal.ts';

/**
 * A reader's journal sections with their partner's side of each (couples mode): the
 * partner's shared reflections where both shared for that lesson, "waiting" elsewhere.
 * Unlinked (or never linked), the sections come back as they were: nothing crosses.
 */
export async function withPartnerSides(
  deps: Pick<Deps, 'db' | 'cipher' | 'courses'>,
  enrollment: { id: number },
  sections: readonly JournalSection[],
): Promise<JournalSection[]> {
  const partnerId = await partnerOf(deps.db, enrollment.id);
  const partner = partnerId === null ? undefined : await findEnrollment(deps.db, partnerId);
  if (!partner) return [...sections];
  const theirs = (await journalOf(deps, partner)).flatMap((section) =>
    section.entries.map((entry) => ({ ...entry, messageKey: section.messageKey })),
  );
  const mine = sections.flatMap((section) =>
    section.entries.map((entry) => ({ messageKey: section.messageKey, shared: entry.shared })),
  );
  const sides = partnerSides(
    sections.map((section) => section.messageKey),
    mine,
    theirs,
    true,
  );
  return sections.map((section) => {
    const side = sides.get(section.messageKey);
    if (!side) return section;
    if (side.state === 'waiting') return { ...section, partner: side };
    const reflections: JournalEntry[] = side.reflections.map(
      ({ messageKey: _, ...entry }) => entry,
    );
    return { ...section, partner: { state: 'revealed', reflections } };
  });
}
