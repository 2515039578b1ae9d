import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.ts';
import { estimatedSecretBits } from '../src/config-checks.ts';

const secret = 'Jq7vR2xL9pKw4mZt8bNc3hFd6sGy1aEu';
const production = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://courses.example.org/',
  SECRET_KEY: secret,
  MAIL_FROM: 'Rebuilding Trust <hello@example.org>',
  REPLY_DOMAIN: 'reply.example.org',
  RESEND_API_KEY: 're_123',
  RESEND_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
};

describe('parseConfig', () => {
  it('needs nothing for local use but a development secret', () => {
    const config = parseConfig({}, { fallbackSecret: () => secret });
    expect(config).toMatchObject({
      production: false,
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:3000',
      publicUrlFromPort: true,
      databasePath: './data/tend.db',
      outboxDir: './data/outbox',
      defaultTimezone: 'UTC',
      sendRateLimit: 5,
      resendApiKey: undefined,
      secretKeyPrevious: [],
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('derives the public address from PORT when PUBLIC_URL is unset', () => {
    const config = parseConfig({ PORT: '4123' }, { fallbackSecret: () => secret });
    expect(config.publicUrl).toBe('http://localhost:4123');
    expect(parseConfig(production).publicUrlFromPort).toBe(false);
  });

  it('accepts a complete production setup and trims the public URL', () => {
    expect(parseConfig(production).publicUrl).toBe('https://courses.example.org');
  });

  it('accepts each NODE_ENV it knows, unset meaning development', () => {
    for (const NODE_ENV of ['development', 'test', '']) {
      expect(parseConfig({ NODE_ENV }, { fallbackSecret: () => secret }).production).toBe(false);
    }
  });

  it('listens where HOST says', () => {
    expect(parseConfig({ ...production, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('keeps older keys from SECRET_KEY_PREVIOUS, in order', () => {
    const older = ['Zx8cV6bN4mQ2wE9rT7yU5iO3pA1sD0fG', 'hJ3kL5zX7cV9bN2mQ4wE6rT8yU0iOpAs'];
    const config = parseConfig({ ...production, SECRET_KEY_PREVIOUS: ` ${older.join(' , ')} ,` });
    expect(config.secretKeyPrevious).toEqual(older);
  });

  it('writes production mail to the outbox only when told to', () => {
    const outbox = { ...production, RESEND_API_KEY: '', RESEND_WEBHOOK_SECRET: '' };
    expect(() => parseConfig(outbox)).toThrow(/^RESEND_API_KEY: needed in production/);
    expect(parseConfig({ ...outbox, OUTBOX_IN_PRODUCTION: '1' }).resendApiKey).toBeUndefined();
  });

  it.each([
    [{ SECRET_KEY: '' }, 'production needs SECRET_KEY'],
    [
      { PUBLIC_URL: 'http://courses.example.org' },
      'PUBLIC_URL: production links must use https://',
    ],
    [{ RESEND_WEBHOOK_SECRET: '' }, 'RESEND_WEBHOOK_SECRET'],
    [{ SECRET_KEY: 'short' }, 'SECRET_KEY: too guessable'],
    [{ SECRET_KEY: 'a'.repeat(64) }, 'SECRET_KEY: too guessable (about 0 bits'],
    [{ SECRET_KEY: 'abcd'.repeat(64) }, 'SECRET_KEY: too little variety'],
    [{ SECRET_KEY: 'correct horse battery staple' }, 'SECRET_KEY: too guessable'],
    [{ SECRET_KEY_PREVIOUS: `${secret},${'xyz'.repeat(50)}` }, 'SECRET_KEY_PREVIOUS: too little'],
    [{ SECRET_KEY_PREVIOUS: `${secret},tend-2025` }, 'SECRET_KEY_PREVIOUS: too guessable'],
    [
      { RESEND_WEBHOOK_SECRET: 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
      'RESEND_WEBHOOK_SECRET: expected whsec_',
    ],
    [
      { RESEND_WEBHOOK_SECRET: 'whsec_not base64!' },
      'RESEND_WEBHOOK_SECRET: the part after whsec_',
    ],
    [{ RESEND_WEBHOOK_SECRET: 'whsec_abc' }, 'RESEND_WEBHOOK_SECRET: the part after whsec_'],
    [
      { RESEND_WEBHOOK_SECRET: 'whsec_YWJj' },
      'RESEND_WEBHOOK_SECRET: the key after whsec_ is too short',
    ],
    [{ PUBLIC_URL: 'https://user:pw@courses.example.org' }, 'PUBLIC_URL: must not contain a user'],
    [{ PUBLIC_URL: 'https://courses.example.org/?a=1' }, 'PUBLIC_URL: must not contain a query'],
    [{ PUBLIC_URL: 'https://courses.example.org/?' }, 'PUBLIC_URL: must not contain a query'],
    [{ PUBLIC_URL: 'https://courses.example.org/#top' }, 'PUBLIC_URL: must not contain a fragment'],
    [{ MAIL_FROM: 'Tend <a@example.org>\r\nBcc: x@evil.test' }, 'MAIL_FROM: must be one line'],
    [{ NODE_ENV: 'prod' }, 'NODE_ENV: must be one of development, production, test'],
    [{ DEFAULT_TIMEZONE: 'Mars/Base' }, 'DEFAULT_TIMEZONE: must be an IANA time zone'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ SEND_RATE_LIMIT: '-1' }, 'SEND_RATE_LIMIT'],
  ])('refuses %o with one line naming the variable', (override, message) => {
    const attempt = () => parseConfig({ ...production, ...override });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('never uses a fallback secret in production', () => {
    expect(() =>
      parseConfig({ ...production, SECRET_KEY: '' }, { fallbackSecret: () => secret }),
    ).toThrow('SECRET_KEY');
  });
});

describe('estimatedSecretBits', () => {
  it('scores repetition low and random text high', () => {
    expect(estimatedSecretBits('a'.repeat(100))).toBe(0);
    expect(estimatedSecretBits('ab'.repeat(32))).toBe(64);
    const random = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
    expect(estimatedSecretBits(random)).toBeGreaterThan(180);
  });
});
