import { createHmac } from 'node:crypto';
import { type TokenMac, tokenKey } from '../tokens/token.ts';

/**
 * The token HMAC of src/tokens/token.ts with node:crypto: the same algorithm, key and message,
 * so the same tokens (test/tokens/token-mac.test.ts holds the two together), at a few µs a
 * signature instead of Web Crypto's ~100 µs, which a sending run pays for every email.
 */
export function nodeTokenMac(secret: string): TokenMac {
  const key = tokenKey(secret);
  return (message) => createHmac('sha256', key).update(message, 'utf8').digest();
}
