import { reflectionCiphertextPage, resealReflection } from '../db/reflections.ts';
import type { Deps } from '../deps.ts';

/** Rows read and resealed per page: bounded memory whatever the journal's size. */
const PAGE = 500;

export interface RotationReport {
  /** Reflections moved from a previous key onto the current one. */
  readonly resealed: number;
  /** Already under the current key. */
  readonly current: number;
  /** Opened by no key in hand: left untouched (their key is not in SECRET_KEY_PREVIOUS). */
  readonly unreadable: number;
}

/**
 * Re-encrypts every reflection sealed under a previous key (SECRET_KEY_PREVIOUS) under the
 * current SECRET_KEY, one row at a time in place. A crash midway leaves each row under one
 * key or the other, both readable, and running it again finishes the job: a row already
 * under the current key is counted and left alone.
 */
export async function resealReflections(
  deps: Pick<Deps, 'db' | 'cipher'>,
): Promise<RotationReport> {
  let resealed = 0;
  let current = 0;
  let unreadable = 0;
  for (let after = 0; ; ) {
    const rows = await reflectionCiphertextPage(deps.db, after, PAGE);
    for (const row of rows) {
      const owner = { enrollmentId: row.enrollment_id, deliveryId: row.delivery_id };
      const sealed = await deps.cipher.reseal(row.ciphertext, owner);
      if (sealed !== null) {
        const written = await resealReflection(deps.db, {
          id: row.id,
          previous: row.ciphertext,
          ciphertext: sealed,
        });
        // Not written: edited or erased meanwhile, so under the current key or gone.
        if (written) resealed++;
      } else if ((await deps.cipher.decrypt(row.ciphertext, owner)) !== null) current++;
      else unreadable++;
    }
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) break;
    after = last.id;
  }
  return { resealed, current, unreadable };
}
