/**
 * The string bindings every Workers test runs with, on top of wrangler.toml's [vars]. They
 * also blank the secrets, so a developer's .dev.vars (which the pool reads too) cannot
 * send a test's mail through a real provider.
 */
export const WORKER_TEST_BINDINGS = {
  NODE_ENV: 'development',
  PUBLIC_URL: 'https://tend.test',
  MAIL_FROM: 'Rebuilding Trust <hello@tend.test>',
  REPLY_DOMAIN: 'reply.tend.test',
  SECRET_KEY: 'worker-test-secret-worker-test-secret-0123456789',
  DEFAULT_TIMEZONE: 'UTC',
  RESEND_API_KEY: '',
  RESEND_WEBHOOK_SECRET: '',
  ADMIN_PASSWORD: '',
  // The forms' rate limits are off unless a test of them turns them on (testWorker overrides).
  FORM_LIMIT_PER_CLIENT: '0',
  FORM_LIMIT_GLOBAL: '0',
} as const;
