/**
 * The keyed one-way hash under which an erased address is remembered as "never mail again":
 * HMAC-SHA-256 with a key derived from SECRET_KEY. Without the key, a list of candidate
 * addresses cannot be checked against the table.
 *
 * The whole address is lower-cased first: the stored address keeps its local part as typed,
 * but a person who asked never to be mailed again should not be reached through "Sam@" when
 * they left as "sam@".
 */
export type AddressHasher = (email: string) => string | Promise<string>;

/** The HMAC key, from SECRET_KEY: the same bytes whichever implementation hashes. */
export const addressHashKey = (secret: string) => `tend-suppressed-address-v1:${secret}`;

/** What is hashed: the address, trimmed and lower-cased. */
export const addressHashMessage = (email: string) => email.trim().toLowerCase();

/**
 * Web Crypto's version, which every runtime has, with its key imported once (importing it
 * costs as much as the signature). Node passes node:crypto's instead (src/node/address-hasher.ts).
 */
export function webAddressHasher(secret: string): AddressHasher {
  const key = crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(addressHashKey(secret)),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return async (email) => {
    const mac = await crypto.subtle.sign(
      'HMAC',
      await key,
      new TextEncoder().encode(addressHashMessage(email)),
    );
    return [...new Uint8Array(mac)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  };
}
