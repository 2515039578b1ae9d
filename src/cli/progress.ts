import type { CliIo } from './io.ts';

export interface Progress {
  /** `fraction` from 0 to 1; `detail` such as "12,000 rows". */
  update(fraction: number, detail: string): void;
  done(): void;
}

const WIDTH = 30;
const EVERY_MS = 100;

/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal: a log file or a
 * pipe gets no carriage returns, and stdout stays clean for the command's answer.
 */
export function progressBar(err: CliIo['err'], label: string): Progress {
  if (!err.isTTY) return { update() {}, done() {} };
  let last = 0;
  let drawn = false;
  const draw = (fraction: number, detail: string) => {
    const clamped = Math.min(1, Math.max(0, fraction));
    const filled = Math.round(clamped * WIDTH);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}`;
    err.write(
      `\r${label} [${bar}] ${String(Math.round(clamped * 100)).padStart(3)}% ${detail}\x1b[K`,
    );
    drawn = true;
  };
  return {
    update(fraction, detail) {
      const now = Date.now();
      if (now - last < EVERY_MS && fraction < 1) return;
      last = now;
      draw(fraction, detail);
    },
    done() {
      if (drawn) err.write('\r\x1b[K');
    },
  };
}
