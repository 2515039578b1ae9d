/**
 * A task run on demand, never twice at once, with kicks coalesced: a kick while no run is
 * going starts one; kicks while one runs ask for exactly one more run after it, however many
 * arrive. So a burst of N kicks costs at most two runs, and nothing waits in an unbounded
 * queue. What Node's confirmation sender is made of (confirmation-sender.ts).
 */
export interface Coalescing {
  /**
   * Asks for a run that starts after this call; resolves when that run has ended. Never
   * rejects: a run that throws is reported to `onError`.
   */
  kick(): Promise<void>;
  /** Resolves once no run is going and none is asked for (for an orderly stop, and tests). */
  idle(): Promise<void>;
}

export function coalescing(
  run: () => Promise<void>,
  onError: (error: unknown) => void,
): Coalescing {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;

  const start = (): Promise<void> => {
    const current: Promise<void> = Promise.resolve()
      .then(run)
      .catch((error: unknown) => {
        try {
          onError(error);
        } catch {
          // A failing report must not turn into an unhandled rejection.
        }
      })
      .finally(() => {
        if (running === current) running = undefined;
      });
    running = current;
    return current;
  };

  return {
    kick() {
      if (!running) return start();
      queued ??= running.then(() => {
        queued = undefined;
        return start();
      });
      return queued;
    },
    async idle() {
      while (running || queued) await (queued ?? running);
    },
  };
}
