import {
  deleteWebReflection,
  reflectionsOfDelivery,
  setReplyShared,
  upsertWebReflection,
} from '../db/reflections.ts';
import type { Delivery } from '../delivery/delivery.ts';
import type { Deps } from '../deps.ts';
import { emitReflectionAdded } from '../outgoing/reflections.ts';
import type { JournalEntry } from './journal.ts';

/** Longest reflection kept; a reply or form longer than this is cut, never refused. */
export const MAX_REFLECTION_CHARS = 20_000;

export function cleanReflection(raw: string): string {
  return (
    raw
      .replace(/\r\n?/g, '\n')
      // Control characters other than newline and tab.
      .replace(/[^\P{Cc}\n\t]/gu, '')
      .trim()
      .slice(0, MAX_REFLECTION_CHARS)
  );
}

/** Writes, replaces or (when empty) removes the web reflection on one email. */
export async function saveWebReflection(
  deps: Pick<Deps, 'db' | 'cipher' | 'clock' | 'log'>,
  delivery: Pick<Delivery, 'id' | 'enrollmentId' | 'messageKey'>,
  text: string,
  /** Share it with the partner (couples mode): shown to them once both shared. */
  shared = false,
): Promise<'saved' | 'removed'> {
  const clean = cleanReflection(text);
  if (clean === '') {
    await deleteWebReflection(deps.db, delivery.id);
    return 'removed';
  }
  const owner = { enrollmentId: delivery.enrollmentId, deliveryId: delivery.id };
  await upsertWebReflection(deps.db, {
    enrollmentId: delivery.enrollmentId,
    deliveryId: delivery.id,
    messageKey: delivery.messageKey,
    source: 'web',
    ciphertext: await deps.cipher.encrypt(clean, owner),
    now: deps.clock().toISOString(),
    shared,
  });
  await emitReflectionAdded(deps, delivery.enrollmentId, delivery.messageKey);
  return 'saved';
}

/** The longest reflection id a form may name: ids are row ids, far below this. */
const REFLECTION_ID = /^[1-9][0-9]{0,11}$/;

/**
 * Shares a reply by email with the partner afterwards, or stops sharing it: a reply arrives
 * private, and only the web can change that. `reflection` is the form's field as sent.
 */
export async function shareReply(
  deps: Pick<Deps, 'db'>,
  delivery: Pick<Delivery, 'id'>,
  reflection: unknown,
  shared: boolean,
): Promise<boolean> {
  const id = typeof reflection === 'string' ? reflection.slice(0, 13) : '';
  if (!REFLECTION_ID.test(id)) return false;
  return setReplyShared(deps.db, { id: Number(id), deliveryId: delivery.id, shared });
}

/** The reflections already written about one email, decrypted. */
export async function reflectionsAbout(
  deps: Pick<Deps, 'db' | 'cipher'>,
  delivery: Pick<Delivery, 'id' | 'enrollmentId'>,
): Promise<JournalEntry[]> {
  const rows = await reflectionsOfDelivery(deps.db, delivery.id);
  const owner = { enrollmentId: delivery.enrollmentId, deliveryId: delivery.id };
  const entries: JournalEntry[] = [];
  for (const row of rows) {
    const text = await deps.cipher.decrypt(row.ciphertext, owner);
    if (text !== null) {
      entries.push({
        id: row.id,
        source: row.source,
        text,
        writtenAt: row.createdAt.toISOString(),
        shared: row.shared,
      });
    }
  }
  return entries;
}
