import { inspect } from 'node:util';

export interface EventuallyOptions {
  /** What is awaited, for the failure message ("the CREATED event on both"). */
  what: string;
  /** Gives up after this long (default 5 s); keep it below the test's own timeout. */
  timeoutMs?: number;
  /** Pause between two checks (default 10 ms). */
  intervalMs?: number;
}

/**
 * Polls `check` until it passes, then resolves. `check` is either a
 * condition (sync or async) that passes by returning true, or an assertion
 * function that throws (e.g. a failed `expect`) until it passes: a check
 * passes when it neither throws nor returns false. It never runs again once
 * it passed.
 *
 * Fails after `timeoutMs` with an error naming `what` and how the last check
 * went (its error, or that it still returned false), including a check that
 * is still running then.
 *
 * Wait on the event a test depends on, never for a fixed time. To show that
 * something does NOT happen, wait for a later event that would come after it.
 */
export async function eventually(check: () => boolean | void | Promise<boolean | void>, opts: EventuallyOptions): Promise<void> {
  const { what, timeoutMs = 5_000, intervalMs = 10 } = opts;
  const deadline = Date.now() + timeoutMs;
  let last = 'no check finished';
  for (let n = 1; ; n++) {
    const left = deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      (async () => {
        try {
          return (await check()) === false ? ('false' as const) : ('passed' as const);
        } catch (err) {
          return { err };
        }
      })(),
      new Promise<'hung'>((resolve) => { timer = setTimeout(() => resolve('hung'), Math.max(0, left)); }),
    ]);
    clearTimeout(timer);
    if (outcome === 'passed') return;
    if (outcome === 'hung') last = `check #${n} was still running (${last})`;
    else last = outcome === 'false' ? `check #${n} returned false` : `check #${n} threw: ${describe(outcome.err)}`;
    if (outcome === 'hung' || Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; ${last}`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
  }
}

const describe = (err: unknown): string => (err instanceof Error ? err.message : inspect(err, { depth: 4 }));
