import { constantTimeEqual } from '../tokens/token.ts';

/** How long a sign-in lasts. */
export const SESSION_MS = 12 * 60 * 60 * 1000;

const encoder = new TextEncoder();

/**
 * The operator's session, with no server state: the cookie is `<expiry ms>.<hex HMAC>`,
 * signed with a key derived from SECRET_KEY and ADMIN_PASSWORD, so changing the password
 * ends every session (a rotated SECRET_KEY does not while the old one is in
 * SECRET_KEY_PREVIOUS). Signing out clears the cookie; a copy taken before that stays valid
 * until it expires (the price of keeping no state, and why sessions are short).
 */
export class AdminSessions {
  readonly #key: Promise<CryptoKey>;
  readonly #previous: readonly Promise<CryptoKey>[];
  readonly #expected: Promise<Uint8Array>;

  constructor(secretKey: string, password: string, previousKeys: readonly string[] = []) {
    const sessionKey = (secret: string) => hmacKey(`tend-admin-session-v1:${secret}:${password}`);
    this.#key = sessionKey(secretKey);
    this.#previous = previousKeys.map(sessionKey);
    this.#expected = this.#mac(`password:${password}`);
  }

  /** Compares MACs of the two passwords, so the time taken says nothing about either. */
  async passwordMatches(given: string): Promise<boolean> {
    const [a, b] = await Promise.all([this.#mac(`password:${given}`), this.#expected]);
    return constantTimeEqual(a, b);
  }

  async issue(now: Date): Promise<string> {
    const expiry = String(now.getTime() + SESSION_MS);
    return `${expiry}.${hex(await this.#mac(`session:${expiry}`))}`;
  }

  async verify(cookie: string | undefined, now: Date): Promise<boolean> {
    const match = /^(\d{1,16})\.([0-9a-f]{64})$/.exec(cookie ?? '');
    if (!match?.[1] || !match[2]) return false;
    const expiry = match[1];
    if (Number(expiry) <= now.getTime()) return false;
    const given = encoder.encode(match[2]);
    for (const key of [this.#key, ...this.#previous]) {
      const expected = hex(await this.#mac(`session:${expiry}`, key));
      if (constantTimeEqual(given, encoder.encode(expected))) return true;
    }
    return false;
  }

  async #mac(data: string, key = this.#key): Promise<Uint8Array> {
    return new Uint8Array(await crypto.subtle.sign('HMAC', await key, encoder.encode(data)));
  }
}

function hmacKey(material: string): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    encoder.encode(material),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
