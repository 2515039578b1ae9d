/**
 * HMAC-SHA-256 (RFC 2104 over FIPS 180-4) in plain JavaScript, with the key's inner and outer
 * blocks hashed once. A sending run signs five link tokens per email, each over a message of
 * about 40 bytes: two block compressions here, where node:crypto spends most of its ~6 µs a
 * signature creating its Hmac object, and Web Crypto ~100 µs in promises and key handling.
 * test/tokens/hmac-sha256.test.ts holds it to node:crypto for keys and messages of every
 * length class (short, block-sized, multi-block, non-ASCII).
 */

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const INITIAL = new Uint32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

const BLOCK = 64;
const w = new Uint32Array(64);

/** Folds the 64-byte block of `bytes` at `at` into `state`. */
function compress(state: Uint32Array, bytes: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++) {
    const j = at + i * 4;
    w[i] =
      ((bytes[j] as number) << 24) |
      ((bytes[j + 1] as number) << 16) |
      ((bytes[j + 2] as number) << 8) |
      (bytes[j + 3] as number);
  }
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15] as number;
    const y = w[i - 2] as number;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) | 0;
  }
  let a = state[0] as number;
  let b = state[1] as number;
  let c = state[2] as number;
  let d = state[3] as number;
  let e = state[4] as number;
  let f = state[5] as number;
  let g = state[6] as number;
  let h = state[7] as number;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + (K[i] as number) + (w[i] as number)) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = ((state[0] as number) + a) | 0;
  state[1] = ((state[1] as number) + b) | 0;
  state[2] = ((state[2] as number) + c) | 0;
  state[3] = ((state[3] as number) + d) | 0;
  state[4] = ((state[4] as number) + e) | 0;
  state[5] = ((state[5] as number) + f) | 0;
  state[6] = ((state[6] as number) + g) | 0;
  state[7] = ((state[7] as number) + h) | 0;
}

/**
 * Hashes `data` (its first `length` bytes) on from `state`, which has already taken
 * `before` bytes, padding as SHA-256 does, and writes the digest's 32 bytes into `digest`.
 * `data` must have room for the padding (up to 72 bytes past `length`).
 */
function finish(
  state: Uint32Array,
  data: Uint8Array,
  length: number,
  before: number,
  digest: Uint8Array,
): void {
  const bits = (before + length) * 8;
  let end = length;
  data[end++] = 0x80;
  while (end % BLOCK !== 56) data[end++] = 0;
  // The length in bits, 64 bits big-endian; messages here stay far below 2^32 bits.
  writeWord(data, end, Math.floor(bits / 0x100000000));
  writeWord(data, end + 4, bits >>> 0);
  end += 8;
  for (let at = 0; at < end; at += BLOCK) compress(state, data, at);
  for (let i = 0; i < 8; i++) writeWord(digest, i * 4, state[i] as number);
}

function writeWord(bytes: Uint8Array, at: number, word: number): void {
  bytes[at] = word >>> 24;
  bytes[at + 1] = (word >>> 16) & 0xff;
  bytes[at + 2] = (word >>> 8) & 0xff;
  bytes[at + 3] = word & 0xff;
}

function sha256(bytes: Uint8Array): Uint8Array {
  const data = new Uint8Array(bytes.length + BLOCK + 8);
  data.set(bytes);
  const digest = new Uint8Array(32);
  finish(INITIAL.slice(), data, bytes.length, 0, digest);
  return digest;
}

/** The state after one block of the key XORed with `pad`. */
function padState(key: Uint8Array, pad: number): Uint32Array {
  const block = new Uint8Array(BLOCK);
  for (let i = 0; i < BLOCK; i++) block[i] = (key[i] ?? 0) ^ pad;
  const state = INITIAL.slice();
  compress(state, block, 0);
  return state;
}

const encoder = new TextEncoder();

/** HMAC-SHA-256 under `key` of a UTF-8 message, synchronously. */
export function hmacSha256(key: string): (message: string) => Uint8Array {
  const raw = encoder.encode(key);
  const blockKey = raw.length > BLOCK ? sha256(raw) : raw;
  const inner = padState(blockKey, 0x36);
  const outer = padState(blockKey, 0x5c);
  const state = new Uint32Array(8);
  let scratch = new Uint8Array(256);
  const outerData = new Uint8Array(BLOCK);
  return (message) => {
    // Room for the worst case of UTF-8 (three bytes a UTF-16 unit) and the padding.
    const room = message.length * 3 + BLOCK + 8;
    if (scratch.length < room) scratch = new Uint8Array(room);
    const { written } = encoder.encodeInto(message, scratch);
    state.set(inner);
    finish(state, scratch, written, BLOCK, outerData);
    state.set(outer);
    const digest = new Uint8Array(32);
    finish(state, outerData, 32, BLOCK, digest);
    return digest;
  };
}
