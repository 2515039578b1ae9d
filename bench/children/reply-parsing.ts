import { parseReply, type ReplyBody } from '../../src/reflections/reply-text.ts';
import { replyCorpus } from '../../test/fixtures/replies/corpus.ts';

/**
 * Reply parsing per byte, in a process of its own: parseReply (src/reflections/reply-text.ts)
 * on pathological replies of SIZE characters (the shapes that made earlier parsers
 * quadratic: long runs of no-break spaces, quote markers, attribution look-alikes, nested or
 * unterminated markup) against ordinary replies of the same size and part (the test corpus's
 * replies one after another, each read to its end). Each timing is the best of RUNS, taken
 * in turns so that a busy machine slows both alike. Prints one JSON line.
 */
const SIZE = 200_000;
const RUNS = 9;

function fill(unit: string, size = SIZE): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

const TAIL = 'Read to the end.';
const readWhole = (body: ReplyBody) => parseReply(body).text.endsWith(TAIL);
const ordinary = {
  text: {
    text: fill(
      replyCorpus
        .map((reply) => reply.text ?? '')
        .filter((text) => text !== '' && readWhole({ text: `${text}\n${TAIL}` }))
        .join('\n'),
    ),
  },
  html: {
    html: fill(
      replyCorpus
        .map((reply) => reply.html ?? '')
        .filter((html) => html !== '' && readWhole({ html: `${html}<div>${TAIL}</div>` }))
        .join(''),
    ),
  },
} satisfies Record<string, ReplyBody>;

const pathological: Record<string, ReplyBody> = {
  'lines of 100,000 no-break spaces (text)': { text: fill(`${'\u00a0'.repeat(100_000)}x\n`) },
  'no-break spaces ending in a link (text)': {
    text: fill(`Mine.\n${' \u00a0'.repeat(10_000)}<https://x\n`),
  },
  'a long run of quote markers (text)': { text: fill('>') },
  'many lines of quote markers (text)': { text: fill('>>>>>>>>>>>>>>>>>>>> >\nmine\n') },
  '"On ... wrote:" look-alikes (text)': {
    text: fill('On Tue, 3 Dec 2026 at 08:00, Tend <x@y.example> wrote:\nOn 3 Dec\n'),
  },
  'one "On x x x ... wrote" line (text)': { text: `On ${fill('x ', SIZE - 10)} wrote:` },
  'lines of 20,000 &nbsp; (HTML)': { html: fill(`<div>${'&nbsp;'.repeat(20_000)}x</div><p>`) },
  '<p> elements (HTML)': { html: fill('<p>') },
  'deeply nested tags (HTML)': { html: `${fill('<b>', SIZE / 2)}deep${fill('</i>', SIZE / 2)}` },
  'nested quote containers (HTML)': { html: fill('<blockquote>') },
  'unterminated attributes (HTML)': { html: fill('<div title="') },
};

const sizeOf = (input: ReplyBody) => (input.text ?? '').length + (input.html ?? '').length;

function nsPerByte(input: ReplyBody): number {
  const started = performance.now();
  parseReply(input);
  return ((performance.now() - started) * 1e6) / sizeOf(input);
}

const results = Object.entries(pathological).map(([name, input]) => {
  const kind = input.html !== undefined ? 'html' : 'text';
  const reference = ordinary[kind];
  nsPerByte(reference);
  nsPerByte(input);
  let best = Number.POSITIVE_INFINITY;
  let bestOrdinary = Number.POSITIVE_INFINITY;
  for (let run = 0; run < RUNS; run++) {
    bestOrdinary = Math.min(bestOrdinary, nsPerByte(reference));
    best = Math.min(best, nsPerByte(input));
  }
  return { name, kind, bytes: sizeOf(input), nsPerByte: best, ordinaryNsPerByte: bestOrdinary };
});
console.log(JSON.stringify({ size: SIZE, results }));
