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
    if (/^application\/x-www-form-urlencoded\b/i.test(type)) return formFields(await c.req.text());
    if (/^multipart\/form-data\b/i.test(type)) {
      return (await c.req.parseBody()) as Record<string, unknown>;
    }
  } catch {
    throw new HTTPException(400, { message: 'The request body could not be read.' });
  }
  if (type === '') return {};
  throw new HTTPException(415, { message: 'Send a form or JSON.' });
}

/**
 * A URL-encoded form's fields, as Hono's parseBody gives them (the last of a repeated name;
 * every value of a name ending in "[]", as a list). Parsed here with URLSearchParams, the
 * parser fetch's formData() uses too, rather than through parseBody: on Node that goes
 * through a web Response and undici's FormData, several times the cost of the parse.
 */
function formFields(text: string): Record<string, unknown> {
  const form: Record<string, unknown> = Object.create(null);
  for (const [key, value] of new URLSearchParams(text)) {
    const list = form[key];
    if (!key.endsWith('[]')) form[key] = value;
    else if (Array.isArray(list)) list.push(value);
    else form[key] = [value];
  }
  return form;
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
