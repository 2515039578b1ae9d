import type { CreateEmailOptions } from 'resend';
import { fillingsOf } from './fillings.ts';
import type { OutgoingEmail } from './message.ts';
import type { Filling, Key, Template } from './placeholders.ts';

/** The SDK's payload; it maps replyTo to reply_to and passes headers and tags as they are. */
export function toPayload(email: OutgoingEmail): CreateEmailOptions {
  return {
    from: email.from,
    to: email.to,
    subject: email.subject,
    html: email.html,
    text: email.text,
    ...(email.replyTo ? { replyTo: email.replyTo } : {}),
    headers: { ...email.headers },
    tags: email.tags.map((tag) => ({ name: tag.name, value: tag.value })),
  };
}

/**
 * An email as the SDK puts it on the wire (its parseEmailToApiOptions over toPayload), with
 * the keys in the SDK's order, so that a batch is the same bytes whichever way it is sent:
 * a retry under the same Idempotency-Key must carry the same payload.
 */
export function toWire(email: OutgoingEmail) {
  const payload = toPayload(email);
  return {
    from: payload.from,
    headers: payload.headers,
    html: payload.html,
    reply_to: payload.replyTo,
    subject: payload.subject,
    tags: payload.tags,
    text: payload.text,
    to: payload.to,
  };
}

const encoder = new TextEncoder();

/**
 * A batch's body as UTF-8: the bytes of JSON.stringify(emails.map(toWire)), built without
 * serializing what every recipient shares. JSON escapes a string one character at a time, so
 * a variant's template pieces, escaped and encoded once and kept, joined with a recipient's
 * escaped values, are the escaped whole. For 100 lessons of 20 KB, serializing and encoding
 * each email whole cost about 7 ms of CPU on this machine; this costs about 1.
 *
 * Written into `into` when it has room (a buffer kept from an earlier batch: a fresh 2.4 MB
 * array each batch costs its pages' faults and zeroing, and external memory for V8 to
 * collect), else into a new array; either way the bytes are a view of the array used.
 */
export function batchBody(emails: readonly OutgoingEmail[], into?: Uint8Array): Uint8Array {
  const parts = emails.map(wireParts);
  // Room for the worst case: three UTF-8 bytes for each UTF-16 unit of a string.
  let room = 2;
  for (const email of parts) {
    for (const part of email) room += typeof part === 'string' ? part.length * 3 : part.length;
  }
  const body = into && into.length >= room ? into : new Uint8Array(room);
  let at = 0;
  body[at++] = 0x5b; // [
  parts.forEach((email, index) => {
    if (index > 0) body[at++] = 0x2c; // ,
    for (const part of email) {
      if (typeof part === 'string') {
        at = writeUtf8(body, at, part);
      } else {
        body.set(part, at);
        at += part.length;
      }
    }
  });
  body[at++] = 0x5d; // ]
  return body.subarray(0, at);
}

/**
 * Writes `text` as UTF-8 at `at` and returns where it ends. Most parts are short ASCII (a
 * token, a header's JSON): written a character at a time, they cost no view of the array
 * and no result object, which encodeInto needs per call (about 8 KB of garbage an email).
 */
function writeUtf8(body: Uint8Array, at: number, text: string): number {
  if (text.length <= SHORT) {
    let i = 0;
    for (; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) break;
      body[at + i] = code;
    }
    if (i === text.length) return at + i;
    return at + i + encoder.encodeInto(text.slice(i), body.subarray(at + i)).written;
  }
  return at + encoder.encodeInto(text, body.subarray(at)).written;
}

/** Up to this length a part is written by hand (writeUtf8). */
const SHORT = 256;

/** One email's JSON as text to encode and pieces already encoded, in order. */
function wireParts(email: OutgoingEmail): (string | Uint8Array)[] {
  const wire = toWire(email);
  const fillings = fillingsOf(email);
  const replyTo = wire.reply_to === undefined ? '' : `,"reply_to":${json(wire.reply_to)}`;
  return [
    `{"from":${json(wire.from)},"headers":${json(wire.headers)},"html":`,
    ...jsonString(email.html, fillings?.html),
    `${replyTo},"subject":${json(wire.subject)},"tags":${json(wire.tags)},"text":`,
    ...jsonString(email.text, fillings?.text),
    `,"to":${json(wire.to)}}`,
  ];
}

const json = (value: unknown): string => JSON.stringify(value);

const encodedPieces = new WeakMap<Template, readonly Uint8Array[]>();
const EMPTY = new Uint8Array(0);
/** A string's JSON escaping without its quotes, as UTF-8. */
const escaped = (value: string): Uint8Array => encoder.encode(json(value).slice(1, -1));

/** A part as a JSON string, from the filling that made it when there is one. */
function jsonString(value: string, filling: Filling | undefined): (string | Uint8Array)[] {
  if (!filling) return [json(value)];
  const { template, values } = filling;
  let pieces = encodedPieces.get(template);
  if (!pieces) {
    // The keys' places (odd indexes) stay empty: a recipient's values are escaped per email.
    pieces = template.pieces.map((piece, index) => (index % 2 === 0 ? escaped(piece) : EMPTY));
    encodedPieces.set(template, pieces);
  }
  const own: Partial<Record<Key, string>> = {};
  const out: (string | Uint8Array)[] = ['"'];
  template.pieces.forEach((piece, index) => {
    if (index % 2 === 0) {
      out.push(pieces[index] as Uint8Array);
    } else {
      const key = piece as Key;
      own[key] ??= json(values[key]).slice(1, -1);
      out.push(own[key]);
    }
  });
  out.push('"');
  return out;
}
