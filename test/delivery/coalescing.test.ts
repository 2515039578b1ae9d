import { describe, expect, it } from 'vitest';
import { coalescing } from '../../src/delivery/coalescing.ts';

/** A run that waits until the test ends it, counting runs and how many overlap. */
function controlledRun() {
  const state = { started: 0, active: 0, mostAtOnce: 0, finish: [] as (() => void)[] };
  const run = async () => {
    state.started++;
    state.active++;
    state.mostAtOnce = Math.max(state.mostAtOnce, state.active);
    await new Promise<void>((resolve) => state.finish.push(resolve));
    state.active--;
  };
  return { state, run };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('coalescing runs', () => {
  it('folds every kick during a run into one more run after it, never two at once', async () => {
    const { state, run } = controlledRun();
    const task = coalescing(run, () => {});
    const first = task.kick();
    await settle();
    const during = Array.from({ length: 50 }, () => task.kick());
    await settle();
    expect(state.started).toBe(1);
    // Every kick made during the run waits for the same next run.
    expect(new Set(during).size).toBe(1);

    state.finish.shift()?.();
    await first;
    await settle();
    expect(state.started).toBe(2);
    state.finish.shift()?.();
    await Promise.all(during);
    await task.idle();
    expect(state.started).toBe(2);
    expect(state.mostAtOnce).toBe(1);

    // Idle again: the next kick starts a run of its own.
    const later = task.kick();
    await settle();
    expect(state.started).toBe(3);
    state.finish.shift()?.();
    await later;
  });

  it('reports a failed run and keeps going; a kick never rejects', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const task = coalescing(
      async () => {
        runs++;
        if (runs === 1) throw new Error('first run fails');
      },
      (error) => errors.push(error),
    );
    await expect(task.kick()).resolves.toBeUndefined();
    await expect(task.kick()).resolves.toBeUndefined();
    expect(runs).toBe(2);
    expect(errors).toEqual([new Error('first run fails')]);
  });
});
