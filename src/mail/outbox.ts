import { buildEml } from './eml.ts';
import type { Mailer, OutgoingEmail, SendResult } from './message.ts';
import { sendTogether } from './send-each.ts';

export interface OutboxEntry {
  readonly id: string;
  readonly recipient: string;
  readonly subject: string;
  readonly createdAt: string;
}

/** Where the outbox mailer keeps messages: files on Node, a table on Workers. */
export interface OutboxStore {
  /** Stores a message under `id`; storing the same id again keeps the first copy. */
  put(entry: OutboxEntry, eml: string): Promise<void>;
  list(limit: number): Promise<OutboxEntry[]>;
  read(id: string): Promise<string | undefined>;
  /** Forgets the messages stored under these ids; ids never stored are ignored. */
  remove(ids: readonly string[]): Promise<void>;
}

/**
 * The id a message is stored under: its idempotency key, in characters any file system
 * takes. Never the address: erasure finds a subscriber's messages by their deliveries' keys.
 */
export const outboxId = (idempotencyKey: string) => idempotencyKey.replace(/[^a-zA-Z0-9_-]/g, '_');

/**
 * The mailer used when no provider is configured: every email becomes an .eml in a store.
 * Its id is the idempotency key, so a retried send overwrites nothing and adds nothing.
 */
export function outboxMailer(store: OutboxStore, clock: () => Date, messageDomain: string): Mailer {
  const send = async (email: OutgoingEmail): Promise<SendResult> => {
    const id = outboxId(email.idempotencyKey);
    const now = clock();
    const eml = buildEml(email, { date: now, messageId: `${id}@${messageDomain}` });
    await store.put(
      { id, recipient: email.to, subject: email.subject, createdAt: now.toISOString() },
      eml,
    );
    return { ok: true, providerId: `outbox-${id}` };
  };
  return { name: 'outbox', send, sendBatch: sendTogether(send) };
}
