/**
 * Link tokens. A token is a random 128-bit id (stored in the database, useless alone)
 * followed by a 128-bit HMAC of that id under SECRET_KEY (never stored). The database
 * therefore holds no usable token, yet the same email can be re-rendered byte for byte
 * after a crash, which the provider's idempotency check requires. Tokens are lowercase
 * base32 so that they survive mail systems that fold the case of reply+<token> addresses.
 */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const CODES = Array.from(ALPHABET, (char) => char.charCodeAt(0));
const ID_BYTES = 16;
const MAC_BYTES = 16;
const ID_CHARS = Math.ceil((ID_BYTES * 8) / 5);
export const TOKEN_LENGTH = ID_CHARS + Math.ceil((MAC_BYTES * 8) / 5);
const TOKEN_PATTERN = new RegExp(`^[a-z2-7]{${TOKEN_LENGTH}}$`);

import { hmacSha256 } from './hmac-sha256.ts';
import type { TokenPurpose } from './purpose.ts';

export type { TokenPurpose } from './purpose.ts';

/** Random bytes drawn for this many ids at a time: one call to the generator, not one each. */
const IDS_PER_DRAW = 128;
let drawn = new Uint8Array(0);
let next = 0;

export function newTokenId(): string {
  if (next >= drawn.length) {
    drawn = crypto.getRandomValues(new Uint8Array(ID_BYTES * IDS_PER_DRAW));
    next = 0;
  }
  // Each byte is used once: the ids are as random as when drawn one by one.
  const id = base32(drawn.subarray(next, next + ID_BYTES));
  next += ID_BYTES;
  return id;
}

/** The HMAC key of a token, from SECRET_KEY: the same bytes whichever implementation signs. */
export const tokenKey = (secret: string) => `tend-token-v1:${secret}`;

/** HMAC-SHA-256 of a UTF-8 message under tokenKey(secret). */
export type TokenMac = (message: string) => Uint8Array | Promise<Uint8Array>;

/**
 * The HMAC in plain JavaScript (src/tokens/hmac-sha256.ts), synchronous: what both runtimes
 * sign with. A sending run signs five tokens an email; this costs about 2 µs a token, where
 * node:crypto costs about 6 and Web Crypto about 100 in promises and key handling.
 */
export function tokenMac(secret: string): TokenMac {
  return hmacSha256(tokenKey(secret));
}

/** Web Crypto's HMAC: the reference the plain one is tested against. */
export function webCryptoMac(secret: string): TokenMac {
  const key = crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(tokenKey(secret)),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return async (message) =>
    new Uint8Array(await crypto.subtle.sign('HMAC', await key, new TextEncoder().encode(message)));
}

export class TokenSigner {
  readonly #hmac: TokenMac;
  readonly #previous: readonly TokenMac[];

  /**
   * `hmac` is the HMAC under the current key (tokenMac by default; the tests pass Web
   * Crypto's to hold the two together). `previous` are the MACs of older keys
   * (SECRET_KEY_PREVIOUS): tokens they signed still verify, while every new token is signed
   * with `hmac`.
   */
  constructor(
    secret: string,
    hmac: TokenMac = tokenMac(secret),
    previous: readonly TokenMac[] = [],
  ) {
    this.#hmac = hmac;
    this.#previous = previous;
  }

  /** The token of `id` for one purpose: the same id gives each purpose its own token. */
  async sign(id: string, purpose: TokenPurpose): Promise<string> {
    return id + base32(await this.#mac(id, purpose));
  }

  /**
   * The tokens of `id` for several purposes, in order, with one await for them all: an email
   * carries five, and with a synchronous MAC nothing here waits.
   */
  async signEach(id: string, purposes: readonly TokenPurpose[]): Promise<string[]> {
    const macs = purposes.map((purpose) => this.#hmac(`${purpose}:${id}`));
    const settled = macs.some((mac) => mac instanceof Promise)
      ? await Promise.all(macs)
      : (macs as Uint8Array[]);
    return settled.map((mac) => id + base32(mac, MAC_BYTES));
  }

  /**
   * The token's id and the purpose it was signed for, when the token is well formed and its
   * MAC checks out for one of `purposes` (tried in order), else null.
   */
  async verify(
    token: string,
    purposes: readonly TokenPurpose[],
  ): Promise<{ id: string; purpose: TokenPurpose } | null> {
    const candidate = token.trim().toLowerCase();
    if (!TOKEN_PATTERN.test(candidate)) return null;
    const id = candidate.slice(0, ID_CHARS);
    const encoder = new TextEncoder();
    const given = encoder.encode(candidate.slice(ID_CHARS));
    // The current key first, then each previous one (key rotation).
    for (const hmac of [this.#hmac, ...this.#previous]) {
      for (const purpose of purposes) {
        const expected = base32(await this.#mac(id, purpose, hmac));
        if (constantTimeEqual(given, encoder.encode(expected))) return { id, purpose };
      }
    }
    return null;
  }

  async #mac(id: string, purpose: TokenPurpose, hmac = this.#hmac): Promise<Uint8Array> {
    return (await hmac(`${purpose}:${id}`)).subarray(0, MAC_BYTES);
  }
}

export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** Character codes of the last encoding, reused: a token is built as one string, not 26. */
const codes: number[] = [];

/** The first `length` bytes (all by default) as lowercase base32 without padding. */
function base32(bytes: Uint8Array, length = bytes.length): string {
  let bits = 0;
  let value = 0;
  codes.length = 0;
  for (let i = 0; i < length; i++) {
    value = ((value << 8) | (bytes[i] as number)) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      codes.push(CODES[(value >>> (bits - 5)) & 31] as number);
      bits -= 5;
    }
  }
  if (bits > 0) codes.push(CODES[(value << (5 - bits)) & 31] as number);
  return String.fromCharCode.apply(null, codes);
}
