import { describe, expect, it } from 'vitest';
import { MAX_INPUT_CHARS, parseReply, type ReplyBody } from '../../src/reflections/reply-text.ts';
import { replyCorpus } from '../fixtures/replies/corpus.ts';

/**
 * Reply parsing stays linear: per byte, a hostile reply costs about what an ordinary reply of
 * the same size costs. Measured as a ratio within one run (the best of several timings of
 * each, taken in turns, so that a busy machine slows both sides alike), never as a wall-clock
 * limit. At this size a quadratic path shows up as a ratio in the thousands (the 40 KB reply
 * of issue 15 took 8 s, about 30,000 times an ordinary one).
 *
 * The allowed factor is not 4: input made only of the smallest units (a 3-byte tag, a 2-byte
 * line) costs more per byte than prose does, by a constant (measured 5 to 30 here on a busy
 * machine for "<p>x</p>", nested lists and 28-byte quote lines). A check of growth between
 * two sizes was tried and dropped: below a few hundred kilobytes the garbage collector's
 * share per byte varies by 4 times with size alone.
 */
const SIZE = 200_000;
const VERSUS_ORDINARY = 40;
const RUNS = 4;

// Ordinary replies: the corpus's text and HTML parts that are read to their end (a reply that
// ends at a signature or an Outlook header is not read further, which would flatter it), one
// after another up to SIZE.
const TAIL = 'Read to the end.';
const readWhole = (body: ReplyBody) => parseReply(body).text.endsWith(TAIL);
const ordinaryText = fill(
  replyCorpus
    .map((reply) => reply.text ?? '')
    .filter((text) => text !== '' && readWhole({ text: `${text}\n${TAIL}` }))
    .join('\n'),
);
const ordinaryHtml = fill(
  replyCorpus
    .map((reply) => reply.html ?? '')
    .filter((html) => html !== '' && readWhole({ html: `${html}<div>${TAIL}</div>` }))
    .join(''),
);

/** `unit` repeated up to SIZE characters. */
function fill(unit: string, size = SIZE): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/** Each hostile reply, at about the given size. */
const hostile: Record<string, (size: number) => ReplyBody> = {
  'lines of 100,000 no-break spaces (text)': (size) => ({
    text: fill(`${'\u00a0'.repeat(100_000)}x\n`, size),
  }),
  'lines of no-break spaces ending in a link (text)': (size) => ({
    text: fill(`Mine.\n${' \u00a0'.repeat(10_000)}<https://x\n`, size),
  }),
  'lines of 20,000 &nbsp; (HTML)': (size) => ({
    html: fill(`<div>${'&nbsp;'.repeat(20_000)}x</div><p>`, size),
  }),
  'a line of no-break spaces, then <p> elements (HTML)': (size) => ({
    html: `<div>${'\u00a0'.repeat(size / 2)}x</div>${fill('<p>', size / 2)}`,
  }),
  '50,000 <p> elements (HTML)': (size) => ({ html: fill('<p>', size) }),
  '<p>x</p> elements (HTML)': (size) => ({ html: fill('<p>x</p>', size) }),
  'a long run of quote markers (text)': (size) => ({ text: fill('>', size) }),
  'many lines of quote markers (text)': (size) => ({
    text: fill('>>>>>>>>>>>>>>>>>>>> >\nmine\n', size),
  }),
  'many "On ... wrote:" look-alikes (text)': (size) => ({
    text: fill('On Tue, 3 Dec 2026 at 08:00, Tend <x@y.example> wrote:\nOn 3 Dec\n', size),
  }),
  'one "On x x x ... wrote" line (text)': (size) => ({ text: `On ${fill('x ', size)} wrote:` }),
  'long "Am ... schrieb" look-alikes (text)': (size) => ({
    text: fill(`Am 03.12.2026 um 08:00 ${'schrieb '.repeat(48)}\n`, size),
  }),
  'long "Le ... a écrit" look-alikes (text)': (size) => ({
    text: fill(`Le 3 déc. 2026 à 08:00 ${'a  '.repeat(120)}écrit x\n`, size),
  }),
  'separator look-alikes before a header block (text)': (size) => ({
    text: `${fill(`${' '.repeat(200)}_\n`, size)}From: a\nSent: b\nTo: c\n`,
  }),
  'deeply nested tags (HTML)': (size) => ({
    html: `${fill('<b>', size / 2)}deep${fill('</i>', size / 2)}`,
  }),
  'deeply nested quote containers (HTML)': (size) => ({ html: fill('<blockquote>', size) }),
  'deeply nested lists (HTML)': (size) => ({ html: fill('<ol><li>x', size) }),
  'unterminated attributes (HTML)': (size) => ({ html: fill('<div title="', size) }),
  'entities (HTML)': (size) => ({ html: `<p>${fill('&amp;&#x1F600;&eacute;', size)}</p>` }),
};

function perByte(input: ReplyBody): number {
  const size = (input.text ?? '').length + (input.html ?? '').length;
  const started = performance.now();
  parseReply(input);
  return (performance.now() - started) / size;
}

/** Time per byte, hostile / ordinary: the best of RUNS of each, measured in turns. */
function ratio(hostile: ReplyBody, ordinary: ReplyBody): number {
  perByte(ordinary); // warm both paths before measuring
  perByte(hostile);
  let bestHostile = Number.POSITIVE_INFINITY;
  let bestOrdinary = Number.POSITIVE_INFINITY;
  for (let run = 0; run < RUNS; run++) {
    bestOrdinary = Math.min(bestOrdinary, perByte(ordinary));
    bestHostile = Math.min(bestHostile, perByte(hostile));
  }
  return bestHostile / bestOrdinary;
}

describe('reply parsing per byte', () => {
  it('the ordinary replies are the size measured, and are parsed', () => {
    expect(ordinaryText).toHaveLength(SIZE);
    expect(ordinaryHtml).toHaveLength(SIZE);
    expect(parseReply({ text: ordinaryText }).text).toContain('I read it twice.');
    expect(parseReply({ html: ordinaryHtml }).text).toContain('I read it twice.');
  });

  it.each(Object.entries(hostile))('%s', (_, reply) => {
    const input = reply(SIZE);
    expect((input.text ?? input.html ?? '').length).toBeLessThanOrEqual(MAX_INPUT_CHARS);
    const ordinary = input.html !== undefined ? { html: ordinaryHtml } : { text: ordinaryText };
    expect(ratio(input, ordinary), 'time per byte, hostile / ordinary').toBeLessThan(
      VERSUS_ORDINARY,
    );
  });
});
