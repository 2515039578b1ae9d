/**
 * The hand-off between a pass's planner and its sender when the two run side by side (the
 * Node tick): the planner says when a page of deliveries is written and when it is over;
 * the sender, finding nothing left to claim, asks whether to wait for more.
 */
export interface PlanningProgress {
  /** Planner: a page's deliveries are written (and its enrollments advanced). */
  pageDone(): void;
  /** Planner: no more pages will come (planning ended, or failed). */
  finish(): void;
  /** Resolves once the first page is written or planning is over, whichever comes first. */
  started(): Promise<void>;
  /**
   * Sender, when nothing is left to claim: resolves true as soon as a page has been written
   * since the last call (claim again), false once planning is over and nothing was written
   * since (nothing more will come). One sender asks.
   */
  more(): Promise<boolean>;
}

export function planningProgress(): PlanningProgress {
  let pages = 0;
  let seen = 0;
  let over = false;
  let wake: (() => void) | undefined;
  const changed = () => {
    wake?.();
    wake = undefined;
  };
  const next = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
    });
  return {
    pageDone() {
      pages++;
      changed();
    },
    finish() {
      over = true;
      changed();
    },
    async started() {
      while (pages === 0 && !over) await next();
      seen = pages;
    },
    async more() {
      while (pages === seen && !over) await next();
      if (pages === seen) return false;
      seen = pages;
      return true;
    },
  };
}
