import type { BatchResult, Mailer, OutgoingEmail, SendResult } from './message.ts';

/**
 * A batch for mailers without a batch endpoint (the outbox, the memory mailer): each email
 * is sent alone under its own key, so a retried batch re-sends nothing that already went.
 * The first failure that is not about one email alone fails the whole call.
 */
export function sendEach(send: (email: OutgoingEmail) => Promise<SendResult>): Mailer['sendBatch'] {
  return async (emails): Promise<BatchResult> => {
    const results: SendResult[] = [];
    for (const email of emails) {
      const result = await send(email);
      if (!result.ok && result.failure.kind !== 'permanent') {
        return { ok: false, failure: result.failure };
      }
      results.push(result);
    }
    return { ok: true, results };
  };
}
