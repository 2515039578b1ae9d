import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedAttempt {
  readonly id: string;
  readonly timestamp: string;
  readonly body: string;
  readonly verified: boolean;
  readonly status: number;
}

export interface WebhookReceiver {
  readonly url: string;
  /** Every request, in order of arrival. */
  readonly attempts: ReceivedAttempt[];
  /** Bodies acted on, by webhook-id: each id once, however often it arrived. */
  readonly acted: Map<string, unknown>;
  /** The signing secret to verify with (set once the endpoint is added). */
  secret: string;
  close(): Promise<void>;
}

/**
 * A receiver as an operator would write one, on 127.0.0.1: it verifies each request with
 * the standardwebhooks package, acts on each webhook-id once (de-duplicating retries), and
 * answers `answer(attemptOfThisId, request)` (a status, or 'hang' to never answer).
 * `delayMs` holds each answer back (after acting on it: the sender may die before it hears).
 * `verify: 'signature'` checks the signature for the request's own timestamp (for senders
 * running at a simulated instant); the default also checks that timestamp against now.
 */
export async function startWebhookReceiver(
  answer: (attempt: number, id: string) => number | 'hang' = () => 200,
  options: { verify?: 'full' | 'signature'; delayMs?: number } = {},
): Promise<WebhookReceiver> {
  const attempts: ReceivedAttempt[] = [];
  const acted = new Map<string, unknown>();
  const hanging: ServerResponse[] = [];
  const receiver = { secret: '' } as { secret: string };
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const id = String(request.headers['webhook-id'] ?? '');
    const timestamp = String(request.headers['webhook-timestamp'] ?? '');
    const signature = String(request.headers['webhook-signature'] ?? '');
    let verified = false;
    try {
      const webhook = new Webhook(receiver.secret);
      if (options.verify === 'signature') {
        const expected = webhook.sign(id, new Date(Number(timestamp) * 1000), body);
        verified = signature.split(' ').includes(expected);
      } else {
        webhook.verify(body, {
          'webhook-id': id,
          'webhook-timestamp': timestamp,
          'webhook-signature': signature,
        });
        verified = true;
      }
    } catch {
      verified = false;
    }
    const attempt = attempts.filter((seen) => seen.id === id).length + 1;
    const status = verified ? answer(attempt, id) : 401;
    attempts.push({ id, timestamp, body, verified, status: status === 'hang' ? 0 : status });
    if (status === 'hang') {
      hanging.push(response);
      return;
    }
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    if (verified && status >= 200 && status < 300 && !acted.has(id))
      acted.set(id, JSON.parse(body));
    response.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks`,
    attempts,
    acted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
