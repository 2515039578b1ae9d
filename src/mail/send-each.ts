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

/**
 * A batch for a mailer whose sends wait on I/O (the outbox's files): every email is sent at
 * once, so that the batch takes a few turns of the event loop rather than a few per email,
 * which a busy server stretched to one batch of 100 every second or two. A failure that is
 * not about one email alone fails the whole call, as with sendEach; the emails that did go
 * were sent under their own keys, so the retry of the batch adds no copy of them.
 */
export function sendTogether(
  send: (email: OutgoingEmail) => Promise<SendResult>,
): Mailer['sendBatch'] {
  return async (emails): Promise<BatchResult> => {
    const results = await Promise.all(emails.map(send));
    for (const result of results) {
      if (!result.ok && result.failure.kind !== 'permanent') {
        return { ok: false, failure: result.failure };
      }
    }
    return { ok: true, results };
  };
}
