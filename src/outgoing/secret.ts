import { listWebhookEndpoints, resealWebhookSecret } from '../db/webhooks.ts';
import type { Deps } from '../deps.ts';
import type { ReflectionCipher, ReflectionOwner } from '../reflections/cipher.ts';

/**
 * Signing secrets: `whsec_` and 32 random bytes in base64, the Standard Webhooks form. The
 * secret is needed in the clear to sign, so it is kept sealed with the reflections' cipher
 * (AES-GCM under a key derived from SECRET_KEY): a copy of the database alone does not let
 * anyone forge our deliveries, and `tend rotate-secret` re-seals it with the reflections.
 *
 * The cipher binds each record to an owner; secrets use owner 0/0, which no reflection has
 * (ids start at 1). Binding a secret to its endpoint would buy nothing: whoever can move a
 * ciphertext between rows can change the URL instead.
 */
export const SECRET_OWNER: ReflectionOwner = { enrollmentId: 0, deliveryId: 0 };

export function newSigningSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `whsec_${btoa(binary)}`;
}

export function sealSecret(cipher: ReflectionCipher, secret: string): Promise<string> {
  return cipher.encrypt(secret, SECRET_OWNER);
}

/** The secret, or null when no key opens it (SECRET_KEY changed without its previous one). */
export function openSecret(cipher: ReflectionCipher, sealed: string): Promise<string | null> {
  return cipher.decrypt(sealed, SECRET_OWNER);
}

/**
 * `tend rotate-secret`: moves every signing secret sealed under a previous key onto the
 * current one, so that the old key can leave SECRET_KEY_PREVIOUS without breaking a
 * webhook. Returns how many moved, and how many no key in hand opens.
 */
export async function resealWebhookSecrets(
  deps: Pick<Deps, 'db' | 'cipher'>,
): Promise<{ resealed: number; unreadable: number }> {
  let resealed = 0;
  let unreadable = 0;
  for (const endpoint of await listWebhookEndpoints(deps.db)) {
    const sealed = await deps.cipher.reseal(endpoint.secretCiphertext, SECRET_OWNER);
    if (sealed !== null) {
      const previous = endpoint.secretCiphertext;
      if (await resealWebhookSecret(deps.db, { id: endpoint.id, previous, sealed })) resealed++;
    } else if ((await openSecret(deps.cipher, endpoint.secretCiphertext)) === null) {
      unreadable++;
    }
  }
  return { resealed, unreadable };
}
