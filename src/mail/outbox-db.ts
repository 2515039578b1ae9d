import type { Db } from '../db/database.ts';
import {
  deleteOutboxMessages,
  findOutboxMessage,
  insertOutboxMessage,
  listOutboxMessages,
} from '../db/outbox.ts';
import type { OutboxStore } from './outbox.ts';

/** The outbox in the database, for runtimes without a file system (Workers in development). */
export function dbOutboxStore(db: Db): OutboxStore {
  return {
    async put(entry, eml) {
      await insertOutboxMessage(db, {
        id: entry.id,
        recipient: entry.recipient,
        subject: entry.subject,
        eml,
        created_at: entry.createdAt,
      });
    },
    async list(limit) {
      const rows = await listOutboxMessages(db, limit);
      return rows.map((row) => ({
        id: row.id,
        recipient: row.recipient,
        subject: row.subject,
        createdAt: row.created_at,
      }));
    },
    read: (id) => findOutboxMessage(db, id),
    remove: (ids) => deleteOutboxMessages(db, ids),
  };
}
