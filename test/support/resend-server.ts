import { createHash, randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small Resend-compatible API on 127.0.0.1 for tests and benchmarks: the real resend SDK
 * talks to it through its `baseUrl` (RESEND_BASE_URL). It validates payloads as the API
 * does, enforces Idempotency-Key (kept 24 h; same key and payload -> the first answer again,
 * another payload -> 409 invalid_idempotent_request, a key still in flight -> 409
 * concurrent_idempotent_requests), records every email it accepts, and injects faults on
 * demand. Run it alone with test/support/resend-server-main.ts.
 */

/** What can go wrong with one request. */
export type Fault =
  /** 429 rate_limit_exceeded with retry-after and ratelimit-* headers. */
  | 'rate-limit'
  /** 429 daily_quota_exceeded. */
  | 'daily-quota'
  /** 500 internal_server_error, nothing processed. */
  | 'server-error'
  /** 502 with an HTML body (a proxy in the way), nothing processed. */
  | 'bad-gateway'
  /**
   * Answered only after `slowMs`. A client that gives up first does not stop it: the request
   * is processed when the client goes away, like a provider that answers too late.
   */
  | 'slow'
  /** The connection is dropped before anything is processed. */
  | 'drop-before'
  /** Processed and recorded, then the connection is dropped without an answer. */
  | 'drop-after';

export const FAULTS: readonly Fault[] = [
  'rate-limit',
  'server-error',
  'bad-gateway',
  'slow',
  'drop-before',
  'drop-after',
];

export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly idempotencyKey: string | null;
  /** Emails in the payload (1 for POST /emails). */
  readonly emails: number;
}

export interface RequestRecord extends ApiRequest {
  readonly at: number;
  readonly fault: Fault | null;
  /** The HTTP status answered, or null when the connection was dropped. */
  status: number | null;
}

export interface AcceptedEmail {
  readonly id: string;
  readonly idempotencyKey: string | null;
  readonly endpoint: '/emails' | '/emails/batch';
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly replyTo: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
  readonly tags: readonly { readonly name: string; readonly value: string }[];
  readonly html?: string;
  readonly text?: string;
}

export interface ResendServerOptions {
  /** Decides each request's fault (or none). Can be replaced later through `faults`. */
  readonly faults?: (request: ApiRequest) => Fault | null;
  /** How long a 'slow' answer takes. */
  readonly slowMs?: number;
  /** The API key to accept; any non-empty bearer token when unset. */
  readonly apiKey?: string;
  /** Answer 429 beyond this many requests in any one-second window (like Resend's limit). */
  readonly rateLimit?: number;
  /** Keep html and text of accepted emails (off for large runs to save memory). */
  readonly keepBodies?: boolean;
  /** Append one JSON line per accepted email (no bodies) to this file. */
  readonly logFile?: string;
  readonly port?: number;
  /** The server's clock for the 24 h idempotency window. */
  readonly now?: () => number;
}

export interface ResendServer {
  readonly url: string;
  readonly port: number;
  readonly accepted: AcceptedEmail[];
  readonly requests: RequestRecord[];
  faults: (request: ApiRequest) => Fault | null;
  /** Emails served by GET /emails/receiving/:id (inbound replies), by id. */
  readonly receiving: Map<string, Record<string, unknown>>;
  /**
   * Serves a received email in the receiving API's full shape (the fields it does not give
   * filled as the API fills them) and returns the `email.received` webhook payload for it,
   * which carries metadata only.
   */
  receive(email: ReceivedEmailInput): string;
  close(): Promise<void>;
}

/** What a test says about a received email; the rest takes the API's defaults. */
export interface ReceivedEmailInput {
  readonly id: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly subject?: string;
  readonly text?: string | null;
  readonly html?: string | null;
  /** Header names as the sender's software wrote them. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly createdAt?: string;
}

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_BODY_BYTES = 40 * 1024 * 1024;
const TAG = /^[A-Za-z0-9_-]{1,256}$/;
const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

interface StoredAnswer {
  readonly fingerprint: string;
  readonly at: number;
  readonly status: number;
  readonly body: unknown;
}

export async function startResendServer(options: ResendServerOptions = {}): Promise<ResendServer> {
  const now = options.now ?? Date.now;
  const accepted: AcceptedEmail[] = [];
  const requests: RequestRecord[] = [];
  const receiving = new Map<string, Record<string, unknown>>();
  const answers = new Map<string, StoredAnswer>();
  const inFlight = new Set<string>();
  const recent: number[] = [];
  const state = { faults: options.faults ?? (() => null) };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) send(res, 500, apiError('application_error', 500, error.message));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    // When the request arrived (its headers), as the provider's rate limiter would see it:
    // reading a 2 MB body takes a varying while and must not bunch arrivals up.
    const arrivedAt = now();
    const raw = await readBody(req);

    if (method === 'GET' && path === '/_double/accepted') {
      return send(res, 200, { data: accepted.map(({ html: _h, text: _t, ...rest }) => rest) });
    }
    if (method === 'GET' && path === '/_double/requests') return send(res, 200, { data: requests });

    const auth = req.headers.authorization ?? '';
    const token = /^Bearer (.+)$/.exec(auth)?.[1]?.trim();
    if (!token || token === 'undefined') {
      return send(
        res,
        401,
        apiError('missing_api_key', 401, 'Missing API key in the authorization header.'),
      );
    }
    if (options.apiKey && token !== options.apiKey) {
      return send(res, 403, apiError('invalid_api_key', 403, 'API key is invalid.'));
    }

    const receivingId = /^\/emails\/receiving\/([^/]+)$/.exec(path)?.[1];
    if (method === 'GET' && receivingId) {
      const email = receiving.get(decodeURIComponent(receivingId));
      return email
        ? send(res, 200, { object: 'email', ...email })
        : send(res, 404, apiError('not_found', 404, 'Email not found'));
    }
    if (method !== 'POST' || (path !== '/emails' && path !== '/emails/batch')) {
      return send(res, 404, apiError('not_found', 404, 'The requested endpoint does not exist.'));
    }

    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return send(res, 400, apiError('validation_error', 400, 'The body is not valid JSON.'));
    }
    const key = header(req, 'idempotency-key');
    const request: ApiRequest = {
      method,
      path,
      idempotencyKey: key,
      emails: Array.isArray(body) ? body.length : 1,
    };
    const fault = state.faults(request);
    const record: RequestRecord = { ...request, at: arrivedAt, fault, status: null };
    requests.push(record);
    const answer = (status: number, payload: unknown, extra: Record<string, string> = {}) => {
      record.status = status;
      send(res, status, payload, extra);
    };

    switch (fault) {
      case 'rate-limit':
        return answer(429, apiError('rate_limit_exceeded', 429, 'Too many requests.'), throttle(1));
      case 'daily-quota':
        return answer(
          429,
          apiError('daily_quota_exceeded', 429, 'You have reached your daily email sending quota.'),
        );
      case 'server-error':
        return answer(500, apiError('internal_server_error', 500, 'Something went wrong.'));
      case 'bad-gateway':
        record.status = 502;
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html><body>502 Bad Gateway</body></html>');
        return;
      case 'drop-before':
        req.socket.destroy();
        return;
      default:
        break;
    }
    if (options.rateLimit !== undefined && overLimit(recent, arrivedAt, options.rateLimit)) {
      return answer(429, apiError('rate_limit_exceeded', 429, 'Too many requests.'), throttle(1));
    }

    const mode = header(req, 'x-batch-validation');
    if (fault === 'slow') {
      // Still "processing" while asleep: a retry under the same key meanwhile gets 409
      // concurrent_idempotent_requests, and a client that gave up is still delivered.
      if (key !== null) inFlight.add(key);
      // ...until the client gives up, if it does so first.
      await Promise.race([
        sleep(options.slowMs ?? 2000),
        new Promise((resolve) => res.once('close', resolve)),
      ]);
    }
    const result = handleSend(path, body, key, mode, fault === 'slow');
    if (fault === 'slow' && key !== null) inFlight.delete(key);
    if (fault === 'drop-after') {
      req.socket.destroy();
      return;
    }
    answer(result.status, result.body);
  }

  /** Idempotency, validation and recording for POST /emails and POST /emails/batch. */
  function handleSend(
    path: '/emails' | '/emails/batch',
    body: unknown,
    key: string | null,
    validationMode: string | null,
    ownsKey: boolean,
  ): { status: number; body: unknown } {
    if (key !== null && (key.length < 1 || key.length > 256)) {
      return {
        status: 400,
        body: apiError('invalid_idempotency_key', 400, 'The key must be between 1-256 chars.'),
      };
    }
    const fingerprint = `${path} ${createHash('sha256').update(canonical(body)).digest('hex')}`;
    if (key !== null) {
      const stored = answers.get(key);
      if (stored && now() - stored.at < IDEMPOTENCY_TTL_MS) {
        if (stored.fingerprint !== fingerprint) {
          return {
            status: 409,
            body: apiError(
              'invalid_idempotent_request',
              409,
              'Same idempotency key used with a different request payload.',
            ),
          };
        }
        return { status: stored.status, body: stored.body };
      }
      if (inFlight.has(key) && !ownsKey) {
        return {
          status: 409,
          body: apiError(
            'concurrent_idempotent_requests',
            409,
            'Same idempotency key used while original request is still in progress.',
          ),
        };
      }
    }
    const result =
      path === '/emails' ? single(body, key) : batch(body, key, validationMode === 'permissive');
    // Like Resend, only an accepted request consumes its key.
    if (key !== null && result.status === 200) {
      answers.set(key, { fingerprint, at: now(), status: result.status, body: result.body });
    }
    return result;
  }

  function single(body: unknown, key: string | null): { status: number; body: unknown } {
    const problem = validateEmail(body, { batch: false });
    if (problem)
      return {
        status: problem.status,
        body: apiError(problem.name, problem.status, problem.message),
      };
    return { status: 200, body: { id: accept(body as WireEmail, key, '/emails') } };
  }

  function batch(body: unknown, key: string | null, permissive: boolean) {
    if (!Array.isArray(body) || body.length === 0) {
      return {
        status: 422,
        body: apiError('validation_error', 422, 'The batch must be a non-empty array.'),
      };
    }
    if (body.length > 100) {
      return {
        status: 422,
        body: apiError('validation_error', 422, 'The batch contains more than 100 emails.'),
      };
    }
    const problems = body.map((email) => validateEmail(email, { batch: true }));
    const firstProblem = problems.find((problem) => problem !== null);
    if (firstProblem && !permissive) {
      return {
        status: firstProblem.status,
        body: apiError(firstProblem.name, firstProblem.status, firstProblem.message),
      };
    }
    const data: { id: string }[] = [];
    const errors: { index: number; message: string }[] = [];
    body.forEach((email, index) => {
      const problem = problems[index];
      if (problem) errors.push({ index, message: problem.message });
      else data.push({ id: accept(email as WireEmail, key, '/emails/batch') });
    });
    return { status: 200, body: permissive ? { data, errors } : { data } };
  }

  function accept(
    email: WireEmail,
    key: string | null,
    endpoint: AcceptedEmail['endpoint'],
  ): string {
    const id = randomUUID();
    const entry: AcceptedEmail = {
      id,
      idempotencyKey: key,
      endpoint,
      from: email.from,
      to: list(email.to),
      subject: email.subject,
      replyTo: list(email.reply_to),
      headers: email.headers ?? {},
      tags: email.tags ?? [],
      ...(options.keepBodies === false
        ? {}
        : {
            ...(email.html !== undefined ? { html: email.html } : {}),
            ...(email.text !== undefined ? { text: email.text } : {}),
          }),
    };
    accepted.push(entry);
    if (options.logFile) {
      const { html: _h, text: _t, ...line } = entry;
      appendFileSync(options.logFile, `${JSON.stringify(line)}\n`);
    }
    return id;
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    accepted,
    requests,
    receiving,
    receive(email) {
      const createdAt = email.createdAt ?? new Date(now()).toISOString();
      const subject = email.subject ?? 'Re: Step 2 of 10';
      // GET /emails/receiving/:id, as resend.emails.receiving.get(id) types it.
      receiving.set(email.id, {
        id: email.id,
        to: [...email.to],
        from: email.from,
        created_at: createdAt,
        subject,
        bcc: null,
        cc: null,
        reply_to: null,
        received_for: [...email.to],
        html: email.html ?? null,
        text: email.text ?? null,
        headers: { 'Message-ID': `<${email.id}@mail.example>`, ...email.headers },
        message_id: `<${email.id}@mail.example>`,
        raw: null,
        attachments: [],
      });
      return JSON.stringify({
        type: 'email.received',
        created_at: createdAt,
        data: {
          email_id: email.id,
          created_at: createdAt,
          from: email.from,
          to: [...email.to],
          bcc: [],
          cc: [],
          message_id: `<${email.id}@mail.example>`,
          subject,
          attachments: [],
        },
      });
    },
    get faults() {
      return state.faults;
    },
    set faults(plan) {
      state.faults = plan;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An email as it travels on the wire (snake_case, as the SDK sends it). */
interface WireEmail {
  from: string;
  to: string | string[];
  subject: string;
  html?: string;
  text?: string;
  reply_to?: string | string[];
  headers?: Record<string, string>;
  tags?: { name: string; value: string }[];
  attachments?: unknown[];
  scheduled_at?: string;
}

interface Problem {
  name: 'validation_error' | 'missing_required_field';
  status: number;
  message: string;
}

/** The API's checks, as documented: required fields, addresses, tags, batch limits. */
export function validateEmail(value: unknown, context: { batch: boolean }): Problem | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return { name: 'validation_error', status: 422, message: 'Each email must be an object.' };
  }
  const email = value as Record<string, unknown>;
  const missing = ['from', 'to', 'subject'].filter(
    (field) => email[field] === undefined || email[field] === null || email[field] === '',
  );
  if (email.html === undefined && email.text === undefined) missing.push('html or text');
  if (missing.length > 0) {
    return {
      name: 'missing_required_field',
      status: 422,
      message: `Missing \`${missing.join('`, `')}\` field.`,
    };
  }
  const invalid = (message: string): Problem => ({
    name: 'validation_error',
    status: 422,
    message,
  });
  if (typeof email.from !== 'string' || !ADDRESS.test(addressOf(email.from))) {
    return invalid(
      'Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.',
    );
  }
  const to = email.to;
  const recipients = typeof to === 'string' ? [to] : Array.isArray(to) ? to : null;
  if (!recipients || recipients.length === 0 || recipients.length > 50) {
    return invalid('The `to` field must hold 1 to 50 addresses.');
  }
  if (
    !recipients.every((address) => typeof address === 'string' && ADDRESS.test(addressOf(address)))
  ) {
    return invalid(
      'Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.',
    );
  }
  if (typeof email.subject !== 'string') return invalid('The `subject` field must be a string.');
  for (const field of ['html', 'text'] as const) {
    if (email[field] !== undefined && typeof email[field] !== 'string') {
      return invalid(`The \`${field}\` field must be a string.`);
    }
  }
  if (email.reply_to !== undefined) {
    const replyTo = typeof email.reply_to === 'string' ? [email.reply_to] : email.reply_to;
    if (
      !Array.isArray(replyTo) ||
      !replyTo.every((a) => typeof a === 'string' && ADDRESS.test(addressOf(a)))
    ) {
      return invalid('Invalid `reply_to` field.');
    }
  }
  if (email.headers !== undefined) {
    const headers = email.headers;
    if (!headers || typeof headers !== 'object' || Array.isArray(headers)) {
      return invalid('The `headers` field must be an object.');
    }
    if (!Object.values(headers).every((v) => typeof v === 'string' && !/[\r\n]/.test(v))) {
      return invalid('Header values must be strings without line breaks.');
    }
  }
  if (email.tags !== undefined) {
    if (!Array.isArray(email.tags)) return invalid('The `tags` field must be an array.');
    for (const tag of email.tags as unknown[]) {
      const { name, value } = (tag ?? {}) as Record<string, unknown>;
      if (
        typeof name !== 'string' ||
        !TAG.test(name) ||
        typeof value !== 'string' ||
        !TAG.test(value)
      ) {
        return invalid('Tags should only contain ASCII letters, numbers, underscores, or dashes.');
      }
    }
  }
  if (context.batch && email.attachments !== undefined) {
    return invalid('Attachments are not supported in batch emails.');
  }
  if (context.batch && email.scheduled_at !== undefined) {
    return invalid('`scheduled_at` is not supported in batch emails.');
  }
  return null;
}

function addressOf(value: string): string {
  return /<([^<>]+)>\s*$/.exec(value)?.[1]?.trim() ?? value.trim();
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (typeof value === 'string' ? [value] : value).map(addressOf);
}

function apiError(name: string, statusCode: number, message: string) {
  return { statusCode, name, message };
}

function throttle(seconds: number): Record<string, string> {
  return {
    'retry-after': String(seconds),
    'ratelimit-limit': '5',
    'ratelimit-remaining': '0',
    'ratelimit-reset': String(seconds),
  };
}

function overLimit(recent: number[], at: number, perSecond: number): boolean {
  while (recent.length > 0 && (recent[0] ?? 0) <= at - 1000) recent.shift();
  if (recent.length >= perSecond) return true;
  recent.push(at);
  return false;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
) {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...extra });
  res.end(JSON.stringify(body));
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON with object keys sorted, so equal payloads hash alike whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
