import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { enrollmentByEmail } from '../support/enrollments.ts';
import { startTend } from '../support/tend-server.ts';

/**
 * The 64 KB body limit through a real Node server (src/routes/body-limit.ts): judged by
 * Content-Length when there is one, counted as it arrives when the body is chunked; and the
 * forms under it read as before.
 */
const LIMIT = 64 * 1024;
let deps: TestDeps;
let url: string;
let server: Awaited<ReturnType<typeof startTend>>;

beforeAll(async () => {
  deps = await testDeps();
  server = await startTend(deps);
  url = server.url;
});
afterAll(async () => {
  await server.close();
  await deps.close();
});

const FORM = 'application/x-www-form-urlencoded';

/** A body sent in pieces, so without Content-Length (Transfer-Encoding: chunked). */
function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + 8192));
      at += 8192;
    },
  });
}

const post = (body: string | ReadableStream<Uint8Array>) =>
  fetch(`${url}/subscribe`, {
    method: 'POST',
    headers: { Origin: url, 'Content-Type': FORM },
    body,
    redirect: 'manual',
    ...(typeof body === 'string' ? {} : { duplex: 'half' }),
  } as RequestInit);

/** A signup form padded with an ignored field to exactly `size` bytes. */
function signupOfSize(email: string, size: number): string {
  const fields = `email=${encodeURIComponent(email)}&role=hurt&pad=`;
  return fields + 'x'.repeat(size - fields.length);
}

describe('the body limit', () => {
  it('takes a body of exactly the limit, and refuses one byte more by its Content-Length', async () => {
    const atLimit = await post(signupOfSize('at-limit@example.com', LIMIT));
    expect(atLimit.status).toBe(303);
    expect(await enrollmentByEmail(deps.db, 'at-limit@example.com')).toBeDefined();

    const over = await post(signupOfSize('over-limit@example.com', LIMIT + 1));
    expect(over.status).toBe(413);
    expect(over.headers.get('connection')).toBe('close');
    expect(await enrollmentByEmail(deps.db, 'over-limit@example.com')).toBeUndefined();
  });

  it('counts a chunked body as it arrives: a small one is read, a large one refused', async () => {
    const small = await post(chunked(signupOfSize('chunked@example.com', 20_000)));
    expect(small.status).toBe(303);
    expect(await enrollmentByEmail(deps.db, 'chunked@example.com')).toBeDefined();

    const large = await post(chunked(signupOfSize('chunked-large@example.com', 3 * LIMIT)));
    expect(large.status).toBe(413);
    expect(await enrollmentByEmail(deps.db, 'chunked-large@example.com')).toBeUndefined();
  });

  it('reads a form as before: the last of a repeated field, decoded as UTF-8', async () => {
    const response = await post(
      'email=first%40example.com&email=juergen%40example.com&name=J%C3%BCrgen+%26+co&role=hurt',
    );
    expect(response.status).toBe(303);
    expect(await enrollmentByEmail(deps.db, 'first@example.com')).toBeUndefined();
    expect(await enrollmentByEmail(deps.db, 'juergen@example.com')).toMatchObject({
      name: 'Jürgen & co',
    });
  });
});
