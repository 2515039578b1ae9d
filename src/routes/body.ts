import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';

/**
 * Reads a form or JSON body into a plain object. Anything unreadable (broken JSON,
 * malformed multipart, a JSON array) is the sender's mistake: 400, never a 500.
 */
export async function readBody(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  try {
    if (/^application\/(.+\+)?json\b/i.test(type)) {
      const body: unknown = await c.req.json();
      if (body && typeof body === 'object' && !Array.isArray(body)) {
        return body as Record<string, unknown>;
      }
      throw new Error('not an object');
    }
    if (/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
      return (await c.req.parseBody()) as Record<string, unknown>;
    }
  } catch {
    throw new HTTPException(400, { message: 'The request body could not be read.' });
  }
  if (type === '') return {};
  throw new HTTPException(415, { message: 'Send a form or JSON.' });
}

export function wantsJson(c: Context): boolean {
  return /^application\/(.+\+)?json\b/i.test(c.req.header('content-type') ?? '');
}

/**
 * Whether an answer (an error) should be JSON rather than a page: the request sent JSON, or
 * asked for JSON and not for HTML (the API and scripts do; browsers ask for HTML).
 */
export function prefersJson(c: Context): boolean {
  if (wantsJson(c)) return true;
  const accept = c.req.header('accept') ?? '';
  return /\bapplication\/(.+\+)?json\b/i.test(accept) && !/\btext\/html\b/i.test(accept);
}
