/**
 * Base64 of a string's UTF-8 bytes, for the bodies and encoded words of an .eml. Node's
 * Buffer encodes natively and is used where there is one; elsewhere (Workers, which has no
 * Buffer without nodejs_compat) the encoding is written over typed arrays, with no string
 * built per character: Node 20's `btoa` checks its input one character at a time in
 * JavaScript (about 2 ms for a 20 KB body, against 60 µs here, and 40 µs through Buffer).
 * The output is ASCII, so decoding it as UTF-8 is exact.
 */
interface NativeBuffer {
  from(text: string, encoding: 'utf8'): { toString(encoding: 'base64'): string };
}
const nativeBuffer = (globalThis as { Buffer?: NativeBuffer }).Buffer;

const ALPHABET = new TextEncoder().encode(
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
);
const PAD = 61; // '='
const CR = 13;
const LF = 10;
/** 57 bytes of input make one 76-character line (RFC 2045). */
const BYTES_PER_LINE = 57;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The whole encoding on one line (RFC 2047 encoded words). */
export function base64(text: string): string {
  const bytes = encoder.encode(text);
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  encodeInto(bytes, 0, bytes.length, out, 0);
  return decoder.decode(out);
}

/**
 * The encoding in lines of at most 76 characters, each ended by CRLF (RFC 2045 bodies); an
 * empty text gives an empty string.
 */
export function base64Lines(text: string): string {
  return nativeBuffer ? nativeBase64Lines(nativeBuffer, text) : portableBase64Lines(text);
}

/** 76 characters a line. */
const LINE = (BYTES_PER_LINE / 3) * 4;

function nativeBase64Lines(buffer: NativeBuffer, text: string): string {
  const encoded = buffer.from(text, 'utf8').toString('base64');
  let out = '';
  for (let start = 0; start < encoded.length; start += LINE) {
    out += `${encoded.slice(start, start + LINE)}\r\n`;
  }
  return out;
}

/** base64Lines without Buffer: what Workers runs (exported for its tests on Node). */
export function portableBase64Lines(text: string): string {
  const bytes = encoder.encode(text);
  const lines = Math.ceil(bytes.length / BYTES_PER_LINE);
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4 + lines * 2);
  let at = 0;
  for (let start = 0; start < bytes.length; start += BYTES_PER_LINE) {
    at = encodeInto(bytes, start, Math.min(start + BYTES_PER_LINE, bytes.length), out, at);
    out[at++] = CR;
    out[at++] = LF;
  }
  return decoder.decode(out);
}

/** Encodes bytes[from, to) into out at `at`; returns where the output ends. */
function encodeInto(
  bytes: Uint8Array,
  from: number,
  to: number,
  out: Uint8Array,
  at: number,
): number {
  const alphabet = ALPHABET;
  let i = from;
  let o = at;
  for (; i + 2 < to; i += 3) {
    const value =
      ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[o++] = alphabet[value >>> 18] as number;
    out[o++] = alphabet[(value >>> 12) & 63] as number;
    out[o++] = alphabet[(value >>> 6) & 63] as number;
    out[o++] = alphabet[value & 63] as number;
  }
  if (i < to) {
    const second = i + 1 < to;
    const value = ((bytes[i] as number) << 16) | (second ? (bytes[i + 1] as number) << 8 : 0);
    out[o++] = alphabet[value >>> 18] as number;
    out[o++] = alphabet[(value >>> 12) & 63] as number;
    out[o++] = second ? (alphabet[(value >>> 6) & 63] as number) : PAD;
    out[o++] = PAD;
  }
  return o;
}
