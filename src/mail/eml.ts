import { base64, base64Lines } from './base64.ts';
import type { OutgoingEmail } from './message.ts';

const CRLF = '\r\n';

/**
 * Builds an RFC 5322 message (multipart/alternative: text/plain then text/html) from an
 * OutgoingEmail. Written by hand rather than with a library because the candidates we tried
 * emitted bare LF line endings and unencoded 8-bit bodies labelled 7bit: here every line ends
 * in CRLF, bodies are base64 (no line-length or charset traps) and non-ASCII header text is
 * RFC 2047 encoded. Header values are stripped of CR and LF, so nothing can inject a header.
 */
export function buildEml(email: OutgoingEmail, options: { date: Date; messageId: string }): string {
  const boundary = `tend-${options.messageId.replace(/[^a-zA-Z0-9]/g, '').slice(0, 40)}`;
  const headers: [string, string][] = [
    ['Date', rfc5322Date(options.date)],
    ['Message-ID', `<${options.messageId}>`],
    ['From', mailbox(email.from)],
    ['To', mailbox(email.to)],
    ...(email.replyTo ? [['Reply-To', mailbox(email.replyTo)] as [string, string]] : []),
    ['Subject', encodeWord(email.subject)],
    ...Object.entries(email.headers).map(([name, value]): [string, string] => [name, value]),
    ['MIME-Version', '1.0'],
    ['Content-Type', `multipart/alternative; boundary="${boundary}"`],
  ];
  const head = headers.map(([name, value]) => `${clean(name)}: ${clean(value)}${CRLF}`).join('');
  return (
    `${head}${CRLF}--${boundary}${CRLF}${part('text/plain', email.text)}` +
    `--${boundary}${CRLF}${part('text/html', email.html)}--${boundary}--${CRLF}`
  );
}

/** A base64 body part: its headers, a blank line, lines of 76 characters, a blank line. */
function part(type: string, body: string): string {
  return (
    `Content-Type: ${type}; charset=utf-8${CRLF}Content-Transfer-Encoding: base64${CRLF}` +
    `${CRLF}${base64Lines(body)}${CRLF}`
  );
}

/** "Name <addr>" with the name encoded when needed, or a bare address. */
function mailbox(value: string): string {
  const match = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(value);
  if (!match) return value.trim();
  const name = (match[1] ?? '').replace(/^"|"$/g, '');
  if (!name) return `<${match[2]}>`;
  const display = /^[\x20-\x7e]*$/.test(name)
    ? `"${name.replace(/["\\]/g, '\\$&')}"`
    : encodeWord(name);
  return `${display} <${match[2]}>`;
}

/** RFC 2047 encoded words of at most 45 UTF-8 bytes each, never splitting a character. */
function encodeWord(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    if (new TextEncoder().encode(chunk + char).length > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${base64(word)}?=`).join(' ');
}

function clean(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function rfc5322Date(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
