import { childEnv, finish, jsonLine, spawnNode } from '../support/processes.ts';
import type { Figure, RunOptions } from '../support/report.ts';

/** Figure 4: a lesson email per recipient, variant cache warm, against a whole render. */
export async function rendering(options: RunOptions): Promise<Figure[]> {
  const composed = options.quick ? 1000 : 5000;
  const whole = options.quick ? 60 : 300;
  options.log(`rendering: ${composed} composed, ${whole} rendered whole`);
  const child = spawnNode(
    ['bench/children/rendering.ts', '--composed', String(composed), '--whole', String(whole)],
    childEnv({ NODE_ENV: 'production' }),
  );
  const out = await finish(child, 180_000, 'rendering benchmark');
  const result = out.stdout.split('\n').map(jsonLine).find(Boolean) as {
    composeMs: number;
    wholeMs: number;
    mismatches: number;
    compared: number;
    firstMismatch: string[];
    lessonHtml: { step: number; role: string | null; bytes: number }[];
  };
  if (result.mismatches > 0) options.log(`rendering mismatch:\n${result.firstMismatch.join('\n')}`);
  const ratio = result.composeMs / result.wholeMs;
  return [
    {
      id: 'rendering.per-recipient',
      name: 'rendering: a lesson per recipient, variant cache warm',
      value: result.composeMs * 1000,
      unit: 'µs',
      baseline: { name: 'whole React Email render', value: result.wholeMs * 1000, unit: 'µs' },
      ratio,
      target: '<= 1/50 of baseline, same bytes',
      pass: ratio <= 1 / 50 && result.mismatches === 0,
      details: { ...result, lessonHtml: undefined, timesCheaper: 1 / ratio },
    },
    htmlFigure(result.lessonHtml),
  ];
}

/** Gmail clips a message whose HTML passes 102 KB (and hides the rest behind a link). */
const GMAIL_CLIP_BYTES = 102 * 1024;

function htmlFigure(
  lessons: readonly { step: number; role: string | null; bytes: number }[],
): Figure {
  if (lessons.length === 0) throw new Error('rendering: no lesson HTML measured');
  const largest = lessons.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const mean = lessons.reduce((sum, lesson) => sum + lesson.bytes, 0) / lessons.length;
  return {
    id: 'rendering.html-bytes',
    name: 'lesson email HTML, the largest lesson and role',
    value: largest.bytes / 1024,
    unit: 'KB',
    baseline: { name: "Gmail's clipping point", value: GMAIL_CLIP_BYTES / 1024, unit: 'KB' },
    ratio: largest.bytes / GMAIL_CLIP_BYTES,
    target: '< 102 KB',
    pass: largest.bytes < GMAIL_CLIP_BYTES,
    details: { largest, meanKb: mean / 1024, lessons },
  };
}
