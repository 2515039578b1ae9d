import { z } from 'zod';
import {
  mailFromProblem,
  publicUrlProblem,
  secretProblem,
  webhookSecretProblem,
} from './config-checks.ts';
import { isValidTimeZone } from './course/time.ts';

/** Everything Tend reads from its environment, parsed once by a composition root. */
export interface Config {
  readonly production: boolean;
  readonly port: number;
  /** The interface the Node server listens on. */
  readonly host: string;
  readonly publicUrl: string;
  /** True when PUBLIC_URL is unset and links use http://localhost:PORT. */
  readonly publicUrlFromPort: boolean;
  readonly databasePath: string;
  readonly outboxDir: string;
  /** Node: the folder of the courses, one sub-folder each; unset: the package's content/. */
  readonly contentDir: string | undefined;
  readonly mailFrom: string;
  readonly resendApiKey: string | undefined;
  readonly resendBaseUrl: string | undefined;
  readonly resendWebhookSecret: string | undefined;
  readonly replyDomain: string;
  readonly adminPassword: string | undefined;
  /** Signs and encrypts everything new. */
  readonly secretKey: string;
  /** Older keys, still accepted for verifying links and decrypting reflections. */
  readonly secretKeyPrevious: readonly string[];
  readonly defaultTimezone: string;
  /** Provider requests per second; 0 means unlimited. */
  readonly sendRateLimit: number;
  /** Proxies in front of Node whose X-Forwarded-For is believed; 0 believes none. */
  readonly trustProxy: number;
  /** Token buckets of the forms that send mail (src/limits/rate-limit.ts). */
  readonly formLimits: FormLimits;
}

/** A token bucket: `perMinute` tokens come back each minute, up to `burst`; 0 turns it off. */
export interface BucketLimit {
  readonly perMinute: number;
  readonly burst: number;
}

export interface FormLimits {
  /** For each client address (an IPv6 /64 counts as one), per form. */
  readonly perClient: BucketLimit;
  /** For everyone together, all forms: the provider's quota is one. */
  readonly global: BucketLimit;
}

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const optional = z.preprocess(blankToUndefined, z.string().trim().optional());

export const NODE_ENVS = ['development', 'production', 'test'] as const;

const schema = z.object({
  NODE_ENV: z.preprocess(
    blankToUndefined,
    z.enum(NODE_ENVS, { error: `must be one of ${NODE_ENVS.join(', ')}` }).default('development'),
  ),
  PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: optional,
  PUBLIC_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  DATABASE_PATH: optional,
  OUTBOX_DIR: optional,
  CONTENT_DIR: optional,
  MAIL_FROM: optional,
  RESEND_API_KEY: optional,
  RESEND_BASE_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  RESEND_WEBHOOK_SECRET: optional,
  REPLY_DOMAIN: optional,
  ADMIN_PASSWORD: optional,
  SECRET_KEY: optional,
  SECRET_KEY_PREVIOUS: optional,
  OUTBOX_IN_PRODUCTION: optional,
  DEFAULT_TIMEZONE: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/London')
      .default('UTC'),
  ),
  SEND_RATE_LIMIT: z.preprocess(blankToUndefined, z.coerce.number().min(0).max(1000).default(5)),
  // Client addresses and the limits of the forms that send mail.
  TRUST_PROXY: count(0, 10),
  FORM_LIMIT_PER_CLIENT: count(5),
  FORM_LIMIT_BURST_PER_CLIENT: count(10),
  FORM_LIMIT_GLOBAL: count(300),
  FORM_LIMIT_BURST_GLOBAL: count(600),
});

function count(fallback: number, max = 1_000_000) {
  return z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(max).default(fallback));
}

/**
 * Parses the environment into a frozen Config. `fallbackSecret` supplies a key when
 * SECRET_KEY is unset outside production (Node keeps one beside the database); production
 * refuses to start without a real SECRET_KEY and the other settings that protect readers.
 */
export function parseConfig(
  env: Env,
  options: { fallbackSecret?: (databasePath: string) => string } = {},
): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${String(issue?.path[0] ?? 'environment')}: ${issue?.message}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const port = e.PORT;
  refuse('PUBLIC_URL', e.PUBLIC_URL, publicUrlProblem);
  refuse('MAIL_FROM', e.MAIL_FROM, mailFromProblem);
  refuse('RESEND_WEBHOOK_SECRET', e.RESEND_WEBHOOK_SECRET, webhookSecretProblem);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const databasePath = e.DATABASE_PATH ?? './data/tend.db';

  if (production) {
    const missing = ['PUBLIC_URL', 'SECRET_KEY', 'MAIL_FROM', 'REPLY_DOMAIN'].filter(
      (name) => !e[name as keyof typeof e],
    );
    if (missing.length > 0) {
      throw new ConfigError(`production needs ${missing.join(', ')} to be set`);
    }
    if (!publicUrl.startsWith('https://')) {
      throw new ConfigError('PUBLIC_URL: production links must use https://');
    }
    if (e.RESEND_API_KEY && !e.RESEND_WEBHOOK_SECRET) {
      throw new ConfigError('RESEND_WEBHOOK_SECRET: needed with RESEND_API_KEY in production');
    }
    if (!e.RESEND_API_KEY && e.OUTBOX_IN_PRODUCTION !== '1') {
      throw new ConfigError(
        'RESEND_API_KEY: needed in production (or OUTBOX_IN_PRODUCTION=1 to write emails to the outbox instead of sending them)',
      );
    }
  }
  const secretKey =
    e.SECRET_KEY ?? (production ? undefined : options.fallbackSecret?.(databasePath));
  if (!secretKey) throw new ConfigError('SECRET_KEY: not set');
  refuse('SECRET_KEY', secretKey, secretProblem);
  const secretKeyPrevious = (e.SECRET_KEY_PREVIOUS ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '');
  for (const key of secretKeyPrevious) refuse('SECRET_KEY_PREVIOUS', key, secretProblem);
  if (e.ADMIN_PASSWORD && production && e.ADMIN_PASSWORD.length < 12) {
    throw new ConfigError('ADMIN_PASSWORD: use at least 12 characters in production');
  }

  const hostname = new URL(publicUrl).hostname;
  return Object.freeze({
    production,
    port,
    host: e.HOST ?? '127.0.0.1',
    publicUrl,
    publicUrlFromPort: e.PUBLIC_URL === undefined,
    databasePath,
    outboxDir: e.OUTBOX_DIR ?? './data/outbox',
    contentDir: e.CONTENT_DIR,
    mailFrom: e.MAIL_FROM ?? `tend@${hostname === 'localhost' ? 'localhost.test' : hostname}`,
    resendApiKey: e.RESEND_API_KEY,
    resendBaseUrl: e.RESEND_BASE_URL,
    resendWebhookSecret: e.RESEND_WEBHOOK_SECRET,
    replyDomain: e.REPLY_DOMAIN ?? (hostname === 'localhost' ? 'reply.localhost.test' : hostname),
    adminPassword: e.ADMIN_PASSWORD,
    secretKey,
    secretKeyPrevious,
    defaultTimezone: e.DEFAULT_TIMEZONE,
    sendRateLimit: e.SEND_RATE_LIMIT,
    trustProxy: e.TRUST_PROXY,
    formLimits: {
      perClient: { perMinute: e.FORM_LIMIT_PER_CLIENT, burst: e.FORM_LIMIT_BURST_PER_CLIENT },
      global: { perMinute: e.FORM_LIMIT_GLOBAL, burst: e.FORM_LIMIT_BURST_GLOBAL },
    },
  });
}

/** Throws `NAME: reason` when `check` finds a problem with a value that is set. */
function refuse(
  name: string,
  value: string | undefined,
  check: (value: string) => string | null,
): void {
  const problem = value === undefined ? null : check(value);
  if (problem) throw new ConfigError(`${name}: ${problem}`);
}
