/**
 * API keys: `tend_` and 43 characters of base64url (256 random bits). Only the SHA-256 of
 * the key is stored; a high-entropy key needs no slow hash, and a fast one lets every
 * request be looked up by it. Web Crypto only: the same code runs on Node and on Workers.
 */
export const KEY_PREFIX = 'tend_';
/** What lists show of a key, enough to tell keys apart and nothing to guess with. */
const SHOWN_CHARACTERS = 10;
/** Longer than any key we issue; anything longer is refused before hashing. */
export const MAX_KEY_LENGTH = 100;

export interface NewApiKey {
  readonly key: string;
  readonly hash: string;
  readonly prefix: string;
}

export async function newApiKey(): Promise<NewApiKey> {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const key = KEY_PREFIX + base64url(bytes);
  return { key, hash: await hashApiKey(key), prefix: key.slice(0, SHOWN_CHARACTERS) };
}

export async function hashApiKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A key's name as the operator types it: trimmed, 1 to 60 printable characters. */
export function apiKeyName(raw: string): string | null {
  const name = raw.trim();
  if (name.length < 1 || name.length > 60 || /[\p{Cc}\p{Cf}]/u.test(name)) return null;
  return name;
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
