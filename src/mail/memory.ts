import type { Mailer, OutgoingEmail, SendResult } from './message.ts';
import { sendEach } from './send-each.ts';

/** A mailer that keeps what it was given, for tests. Same key twice is kept once. */
export interface MemoryMailer extends Mailer {
  readonly sent: OutgoingEmail[];
}

export function memoryMailer(): MemoryMailer {
  const sent: OutgoingEmail[] = [];
  const keys = new Set<string>();
  const send = async (email: OutgoingEmail): Promise<SendResult> => {
    if (!keys.has(email.idempotencyKey)) {
      keys.add(email.idempotencyKey);
      sent.push(email);
    }
    return { ok: true, providerId: `memory-${email.idempotencyKey}` };
  };
  return { name: 'memory', sent, send, sendBatch: sendEach(send) };
}
