import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.ts';

const secret = 's'.repeat(40);
const production = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://courses.example.org/',
  SECRET_KEY: secret,
  MAIL_FROM: 'Rebuilding Trust <hello@example.org>',
  REPLY_DOMAIN: 'reply.example.org',
};

describe('parseConfig', () => {
  it('needs nothing for local use but a development secret', () => {
    const config = parseConfig({}, { fallbackSecret: () => secret });
    expect(config).toMatchObject({
      production: false,
      port: 3000,
      publicUrl: 'http://localhost:3000',
      databasePath: './data/tend.db',
      outboxDir: './data/outbox',
      defaultTimezone: 'UTC',
      sendRateLimit: 5,
      resendApiKey: undefined,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('accepts a complete production setup and trims the public URL', () => {
    expect(parseConfig(production).publicUrl).toBe('https://courses.example.org');
  });

  it.each([
    [{ SECRET_KEY: '' }, 'production needs SECRET_KEY'],
    [
      { PUBLIC_URL: 'http://courses.example.org' },
      'PUBLIC_URL: production links must use https://',
    ],
    [{ RESEND_API_KEY: 're_123' }, 'RESEND_WEBHOOK_SECRET'],
    [{ SECRET_KEY: 'short' }, 'SECRET_KEY: use at least 32 random characters'],
    [{ DEFAULT_TIMEZONE: 'Mars/Base' }, 'DEFAULT_TIMEZONE: must be an IANA time zone'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ SEND_RATE_LIMIT: '-1' }, 'SEND_RATE_LIMIT'],
  ])('refuses %o with a clear reason', (override, message) => {
    expect(() => parseConfig({ ...production, ...override })).toThrow(ConfigError);
    expect(() => parseConfig({ ...production, ...override })).toThrow(message);
  });

  it('never uses a fallback secret in production', () => {
    expect(() =>
      parseConfig({ ...production, SECRET_KEY: '' }, { fallbackSecret: () => secret }),
    ).toThrow('SECRET_KEY');
  });
});
