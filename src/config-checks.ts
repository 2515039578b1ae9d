/**
 * Checks on configuration values that a schema's types cannot express. Each returns the
 * reason a value is refused (config.ts prefixes the variable's name), or null when it is fine.
 */

/** The least estimated entropy a secret may have: what an attacker would have to guess. */
export const MIN_SECRET_BITS = 128;

/** The least Shannon entropy a secret's characters may have: eight evenly used characters. */
const MIN_BITS_PER_CHARACTER = 3;

/**
 * How evenly a secret uses the characters it contains, in bits a character (the Shannon
 * entropy of its own character frequencies): `aaaa…` 0, `abab…` 1, a sentence about 4,
 * random base64 close to 6.
 */
export function bitsPerCharacter(secret: string): number {
  const characters = [...secret];
  const counts = new Map<string, number>();
  for (const character of characters) counts.set(character, (counts.get(character) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / characters.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * A secret's estimated entropy: its length times bitsPerCharacter. Deliberately simple, and
 * it errs low for random text (`openssl rand -base64 32`, 44 characters, scores about 200).
 * It cannot see that a phrase from a book is guessable; it refuses what is plainly weak:
 * anything short, and (below MIN_BITS_PER_CHARACTER) a long string of few characters, which
 * length alone would let through.
 */
export function estimatedSecretBits(secret: string): number {
  return [...secret].length * bitsPerCharacter(secret);
}

export function secretProblem(secret: string): string | null {
  const advice = 'use a random value such as the output of `openssl rand -base64 32`';
  const bits = Math.floor(estimatedSecretBits(secret));
  if (bits < MIN_SECRET_BITS) {
    return `too guessable (about ${bits} bits estimated, at least ${MIN_SECRET_BITS} needed); ${advice}`;
  }
  return bitsPerCharacter(secret) < MIN_BITS_PER_CHARACTER
    ? `too little variety (the same few characters over and over); ${advice}`
    : null;
}

/**
 * A webhook signing secret as Resend shows it (the Svix format): `whsec_` and the base64 of
 * the key bytes. Anything else would make every signature check fail, silently dropping
 * bounces, complaints and replies.
 */
export function webhookSecretProblem(secret: string): string | null {
  const key = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : null;
  if (key === null) return 'expected whsec_ followed by base64, as Resend shows it';
  // Capped before the pattern: a secret is tens of characters.
  if (key.length > 1024 || !/^[A-Za-z0-9+/]+={0,2}$/.test(key) || key.length % 4 !== 0) {
    return 'the part after whsec_ is not valid base64';
  }
  return key.length < 24 ? 'the key after whsec_ is too short (under 16 bytes)' : null;
}

/** A public URL is where links point: no credentials, query or fragment to leak or confuse. */
export function publicUrlProblem(value: string): string | null {
  const url = new URL(value);
  if (url.username || url.password) return 'must not contain a user name or password';
  // The text, not url.search and url.hash, which are empty for a bare "?" or "#".
  if (value.includes('?')) return 'must not contain a query (?…)';
  if (value.includes('#')) return 'must not contain a fragment (#…)';
  return null;
}

/** MAIL_FROM goes into a header: a line break would let it add headers of its own. */
export function mailFromProblem(value: string): string | null {
  return /[\r\n]/.test(value) ? 'must be one line (no line breaks)' : null;
}
