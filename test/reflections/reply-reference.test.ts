import { describe, expect, it } from 'vitest';
import { decodeEntities } from '../../src/reflections/html-entities.ts';
import {
  HEADER_WINDOW,
  isAttribution,
  isFromLine,
  isHeaderLine,
  isHistoryMarker,
  isMobileSignOff,
  isQuoted,
  isSeparator,
  isSignatureDelimiter,
  startsAttribution,
  startsLikeMarker,
} from '../../src/reflections/reply-markers.ts';
import {
  MAX_INPUT_CHARS,
  MAX_LINE_CHARS,
  MAX_REPLY_CHARS,
  parseReply,
} from '../../src/reflections/reply-text.ts';
import { replyCorpus } from '../fixtures/replies/corpus.ts';

/**
 * The line pass and the entity decoder read the text in place by character code, for speed
 * (docs/performance.md). Here they are held to their plain forms: the text split into an
 * array of lines and each line asked reply-markers.ts's questions in turn, and the references
 * decoded by one pattern. Same output, on the corpus and on seeded random replies built from
 * the lines and characters that matter (markers, attributions, sign-offs, every kind of white
 * space, control characters, CR and CRLF, lines longer than MAX_LINE_CHARS).
 */

// --- The plain forms -------------------------------------------------------------------------

function sliceSafely(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters removed
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

function plainParse(input: string): { text: string; truncated: boolean } {
  const value = sliceSafely(input, MAX_INPUT_CHARS);
  const rawLines = value.replaceAll('\r\n', '\n').replaceAll('\r', '\n').split('\n');
  let cut = false;
  const lines = rawLines.map((line) => {
    if (line.length > MAX_LINE_CHARS) cut = true;
    return sliceSafely(line, MAX_LINE_CHARS).replace(CONTROLS, '');
  });
  const history = plainHistory(lines);
  const reply = sliceSafely(history.text, MAX_REPLY_CHARS).trimEnd();
  const cutInput = (input.length > MAX_INPUT_CHARS || cut) && !history.stopped;
  return { text: reply, truncated: cutInput || reply.length < history.text.trimEnd().length };
}

function plainHistory(lines: string[]): { text: string; stopped: boolean } {
  const kept: string[] = [];
  const stop = () => ({ text: tidy(kept), stopped: true });
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (isQuoted(line)) {
      if (kept[kept.length - 1] !== '') kept.push('');
      continue;
    }
    const trimmed = line.trim();
    if (isSignatureDelimiter(line)) return stop();
    if (!startsLikeMarker(trimmed)) {
      kept.push(line);
      continue;
    }
    if (isHistoryMarker(trimmed)) return stop();
    if (isFromLine(trimmed)) {
      const window = lines.slice(i + 1, i + 1 + HEADER_WINDOW);
      if (window.filter((next) => isHeaderLine(next.trim())).length >= 2) {
        while (kept.length > 0 && isSeparator((kept[kept.length - 1] ?? '').trim())) kept.pop();
        return stop();
      }
    }
    const attribution = plainAttribution(trimmed, lines, i);
    if (attribution > 0) {
      const next = lines.slice(i + attribution).find((later) => later.trim() !== '');
      if (next === undefined || !isQuoted(next)) return stop();
      kept.push('');
      i += attribution - 1;
      continue;
    }
    kept.push(line);
  }
  return { text: tidy(kept), stopped: false };
}

function plainAttribution(first: string, lines: string[], index: number): number {
  if (!startsAttribution(first)) return 0;
  if (isAttribution(first)) return 1;
  const second = (lines[index + 1] ?? '').trim();
  if (second === '' || startsAttribution(second) || !/\d/.test(first)) return 0;
  return isAttribution(`${first} ${second}`) ? 2 : 0;
}

function tidy(lines: string[]): string {
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  while (out.length > 0 && (out.at(-1) === '' || isMobileSignOff(out.at(-1) ?? ''))) out.pop();
  return out.join('\n').trim();
}

const NAMES: Record<string, string> = { nbsp: '\u00a0', amp: '&', lt: '<', hellip: '…' };

/** The pattern decodeEntities reads, for the references this test writes. */
function plainDecode(text: string): string {
  return text.replace(
    /&(?:#(\d{1,8});?|#[xX]([0-9a-fA-F]{1,7});?|([A-Za-z][A-Za-z0-9]{1,31});)/g,
    (reference, decimal?: string, hex?: string, name?: string) => {
      if (name !== undefined) return NAMES[name] ?? reference;
      const code =
        decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? '', 16);
      if (code >= 0x80 && code <= 0x9f) return decodeEntities(`&#${code};`);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(code);
    },
  );
}

// --- Seeded random input -----------------------------------------------------------------------

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const LINES = [
  ...[' ', '\t', '\u00a0', '\u2028', '\ufeff', '\u3000x', 'x\u00a0', 'x \t', '\u0001x', 'a\u007f'],
  ...[
    '> quoted',
    '  > quoted',
    '\t>x',
    '>>',
    'mine',
    'I said',
    'And',
    'be',
    'ı',
    '李雷',
    '🌿 leaf',
  ],
  ...['-- ', '--', '---', '-----Original Message-----', 'Begin forwarded message:'],
  ...['From: Tend <x@y>', '*From:* a', 'Sent: Tuesday', 'To: me', 'Subject: hi', 'An: z'],
  ...['________________________________', '--------', 'Sent from my iPhone', 'Love,'],
  'Get Outlook for Android<https://aka.ms/ghei36>',
  'On Tue, 3 Dec 2026 at 08:00, Tend <x@y> wrote:',
  'On Tue, 3 Dec 2026 at 08:00, Rebuilding Trust <',
  'lessons@tend.example> wrote:',
  'On Sunday my mother wrote:',
  'Am 03.12.2026 um 08:00 schrieb Tend <x@y>:',
];
const LONG_LINES = [
  `${' '.repeat(MAX_LINE_CHARS)}> x`,
  `${'x'.repeat(MAX_LINE_CHARS - 1)}🌿tail`,
  `> ${'y'.repeat(MAX_LINE_CHARS)}`,
  `${' '.repeat(MAX_LINE_CHARS + 5)}To: x`,
  `\u0001${'z'.repeat(MAX_LINE_CHARS)}`,
  `lessons@x> wrote:${' '.repeat(MAX_LINE_CHARS)}`,
];
const ENDINGS = ['\n', '\n', '\r\n', '\r'];

function randomReply(next: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  let text = '';
  const count = Math.floor(next() * 24);
  for (let i = 0; i < count; i++) {
    let line = next() < 0.02 ? pick(LONG_LINES) : pick(LINES);
    if (next() < 0.15) line = pick([' ', '\t', '\u00a0']) + line;
    if (next() < 0.15) line += pick([' ', '\t', '\u00a0']);
    text += line + (i < count - 1 || next() < 0.5 ? pick(ENDINGS) : '');
  }
  return text;
}

// --- The comparisons ---------------------------------------------------------------------------

describe('the line pass reads the same lines as the plain one', () => {
  it('on the corpus, whole and a line at a time', () => {
    for (const { text } of replyCorpus) {
      if (!text) continue;
      expect(parseReply({ text })).toEqual(plainParse(text));
      const lines = text.split('\n');
      for (let from = 0; from < lines.length; from++) {
        const part = lines.slice(from).join('\n');
        if (part.trim() !== '') expect(parseReply({ text: part })).toEqual(plainParse(part));
      }
    }
  });

  it('on 3,000 random replies of markers, white space, control characters and long lines', () => {
    const next = random(20);
    for (let i = 0; i < 3000; i++) {
      const text = randomReply(next);
      if (text.trim() === '') continue;
      expect(parseReply({ text }), JSON.stringify(text.slice(0, 200))).toEqual(plainParse(text));
    }
  });

  it('counts a line cut inside a wrapped attribution as a cut', () => {
    const text = [
      'Yes.',
      'On Tue, 3 Dec 2026 at 08:00, Rebuilding Trust <',
      `lessons@tend.example> wrote:${' '.repeat(MAX_LINE_CHARS)}`,
      '> the lesson',
      'And more.',
    ].join('\n');
    expect(parseReply({ text })).toEqual({ text: 'Yes.\n\nAnd more.', truncated: true });
    expect(parseReply({ text })).toEqual(plainParse(text));
  });

  it('with every UTF-16 code unit first and last on a line', () => {
    for (let from = 0; from < 0x10000; from += 2048) {
      let text = 'start\n';
      for (let code = from; code < from + 2048; code++) {
        const c = String.fromCharCode(code);
        text += `${c}x\nx${c}\n> q\n`;
      }
      expect(parseReply({ text })).toEqual(plainParse(text));
    }
  });
});

describe('decodeEntities reads what its pattern matches', () => {
  it('on 20,000 random strings of references and their pieces', () => {
    const next = random(7);
    const pieces = ['&', '#', 'x', 'X', ';', '0', '9', 'f', 'g', 'n', 'b', 's', 'p', ' ', 'é'];
    const references = ['&nbsp;', '&amp;', '&#128;', '&#x1F600;', '&#xD800;', '&#0;', '&bogus;'];
    const all = [...pieces, ...references, '&#99999999;', 'a'.repeat(32)];
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      for (let j = Math.floor(next() * 16); j > 0; j--)
        text += all[Math.floor(next() * all.length)];
      expect(decodeEntities(text), JSON.stringify(text)).toBe(plainDecode(text));
    }
  });

  it('for names of every length and numbers of every width', () => {
    for (let length = 1; length < 40; length++) {
      for (const after of [';', '', '&', 'x;']) {
        const text = `&${'a'.repeat(length)}${after}&#${'1'.repeat(length)};&#x${'f'.repeat(length)}`;
        expect(decodeEntities(text)).toBe(plainDecode(text));
      }
    }
  });
});
