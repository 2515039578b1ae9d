/**
 * Mutual reveal, pure. A reflection a partner marked as shared for a lesson is shown to the
 * other only once both have shared one for that lesson; until then the other sees that the
 * lesson is "waiting for you both", which says nothing about who has shared. Unshared
 * reflections, and everything once the partners are unlinked, never cross.
 */
export interface SharedReflection {
  /** The lesson's message key (`lesson:3`) or a check-in's (`checkin:2026-12-06`). */
  readonly messageKey: string;
  readonly shared: boolean;
}

export type PartnerSide<T> =
  | { readonly state: 'revealed'; readonly reflections: readonly T[] }
  | { readonly state: 'waiting' };

export const WAITING_FOR_BOTH = 'Waiting for you both';

/** The message keys for which both partners have shared at least one reflection. */
export function mutuallyShared(
  mine: readonly SharedReflection[],
  theirs: readonly SharedReflection[],
): Set<string> {
  const myShared = new Set(mine.filter((r) => r.shared).map((r) => r.messageKey));
  return new Set(
    theirs.filter((r) => r.shared && myShared.has(r.messageKey)).map((r) => r.messageKey),
  );
}

/**
 * What one partner sees of the other for each of `keys` (the lessons in their own journal):
 * the other's shared reflections where both shared, else "waiting". `linked` false (never
 * linked, or unlinked) shows nothing at all.
 */
export function partnerSides<T extends SharedReflection>(
  keys: readonly string[],
  mine: readonly SharedReflection[],
  theirs: readonly T[],
  linked: boolean,
): Map<string, PartnerSide<T>> {
  const sides = new Map<string, PartnerSide<T>>();
  if (!linked) return sides;
  const both = mutuallyShared(mine, theirs);
  for (const key of keys) {
    sides.set(
      key,
      both.has(key)
        ? { state: 'revealed', reflections: theirs.filter((r) => r.shared && r.messageKey === key) }
        : { state: 'waiting' },
    );
  }
  return sides;
}
