/**
 * A task run on demand, never twice at once, with kicks coalesced: a kick while no run is
 * going or asked for asks for one; kicks while one is asked for join it; kicks while one
 * runs ask for exactly one more after it, however many arrive. So a burst of N kicks costs
 * at most two runs, and nothing waits in an unbounded queue. What Node's confirmation sender
 * is made of (confirmation-sender.ts).
 *
 * `defer` decides when an asked-for run starts: at once by default; Node passes
 * setImmediate, so that a run starts after the event loop has dealt with everything it has
 * in hand (the answers to the signups that kicked it are written first, and their
 * confirmations go out together).
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
  defer: (start: () => void) => void = (start) => start(),
): Coalescing {
  let running: Promise<void> | undefined;
  let asked: Promise<void> | undefined;

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
      asked ??= (running ?? Promise.resolve())
        .then(() => new Promise<void>((resolve) => defer(resolve)))
        .then(() => {
          asked = undefined;
          return start();
        });
      return asked;
    },
    async idle() {
      while (running || asked) await (asked ?? running);
    },
  };
}
