/**
 * The keyed one-way hash under which an erased address is remembered as "never mail again":
 * HMAC-SHA-256 with a key derived from SECRET_KEY (Web Crypto, so Node and Workers agree).
 * Without the key, a list of candidate addresses cannot be checked against the table.
 *
 * The whole address is lower-cased first: the stored address keeps its local part as typed,
 * but a person who asked never to be mailed again should not be reached through "Sam@" when
 * they left as "sam@".
 */
export async function addressHash(secret: string, email: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(`tend-suppressed-address-v1:${secret}`),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign(
    'HMAC',
    key,
    new TextEncoder().encode(email.trim().toLowerCase()),
  );
  return [...new Uint8Array(mac)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
