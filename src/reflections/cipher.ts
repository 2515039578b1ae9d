/**
 * Encryption of reflection text at rest: AES-256-GCM with a key derived from SECRET_KEY by
 * HKDF-SHA-256, a fresh 96-bit nonce per record, and the owner and message bound in as
 * additional data, so a row copied onto another subscriber or lesson fails to decrypt.
 * Web Crypto only: the same code runs on Node and on Workers.
 *
 * Keys rotate: records are sealed under the current key and opened under it or any previous
 * one (SECRET_KEY_PREVIOUS), and `reseal` moves a record onto the current key
 * (`tend rotate-secret`). GCM's tag tells the keys apart: a record opens under one key only.
 */
const VERSION = 'v1';
const NONCE_BYTES = 12;

export class ReflectionCipher {
  readonly #key: Promise<CryptoKey>;
  readonly #previous: readonly Promise<CryptoKey>[];

  constructor(secret: string, previous: readonly string[] = []) {
    this.#key = deriveKey(secret);
    this.#previous = previous.map(deriveKey);
  }

  async encrypt(text: string, owner: ReflectionOwner): Promise<string> {
    const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
    const sealed = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: nonce, additionalData: associatedData(owner) },
      await this.#key,
      new TextEncoder().encode(text),
    );
    const record = new Uint8Array(NONCE_BYTES + sealed.byteLength);
    record.set(nonce, 0);
    record.set(new Uint8Array(sealed), NONCE_BYTES);
    return `${VERSION}:${toBase64(record)}`;
  }

  /** The text, or null when no key opens the record (unknown key, tampered, moved). */
  async decrypt(ciphertext: string, owner: ReflectionOwner): Promise<string | null> {
    for (const key of [this.#key, ...this.#previous]) {
      const text = await open(ciphertext, owner, await key);
      if (text !== null) return text;
    }
    return null;
  }

  /**
   * The record sealed again under the current key when a previous key opens it; null when it
   * is already under the current key, or when no key opens it (left as it is).
   */
  async reseal(ciphertext: string, owner: ReflectionOwner): Promise<string | null> {
    if ((await open(ciphertext, owner, await this.#key)) !== null) return null;
    for (const key of this.#previous) {
      const text = await open(ciphertext, owner, await key);
      if (text !== null) return this.encrypt(text, owner);
    }
    return null;
  }
}

async function deriveKey(secret: string): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    'HKDF',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: new TextEncoder().encode('tend-reflections'),
      info: new TextEncoder().encode(`reflection-key-${VERSION}`),
    },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

async function open(
  ciphertext: string,
  owner: ReflectionOwner,
  key: CryptoKey,
): Promise<string | null> {
  if (!ciphertext.startsWith(`${VERSION}:`)) return null;
  try {
    const record = fromBase64(ciphertext.slice(VERSION.length + 1));
    const plain = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: record.subarray(0, NONCE_BYTES),
        additionalData: associatedData(owner),
      },
      key,
      record.subarray(NONCE_BYTES),
    );
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}

export interface ReflectionOwner {
  readonly enrollmentId: number;
  readonly deliveryId: number;
}

function associatedData(owner: ReflectionOwner): Uint8Array<ArrayBuffer> {
  // Copied into a fresh buffer: workers-types types encode() as ArrayBufferLike-backed.
  return new Uint8Array(
    new TextEncoder().encode(`reflection:${owner.enrollmentId}:${owner.deliveryId}`),
  );
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
