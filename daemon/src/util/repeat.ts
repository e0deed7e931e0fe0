// Runs a background task again `delayMs()` after each run has finished (runs never overlap), until
// stopped. The timer does not keep the process alive; failures go to `onError`, never unhandled.

export interface Repeating {
  /** No further runs; resolves once a run in progress has finished. */
  stop(): Promise<void>;
}

export function repeat(task: () => Promise<unknown>, delayMs: () => number, onError: (err: Error) => void): Repeating {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const schedule = (): void => {
    timer = setTimeout(() => {
      running = Promise.resolve()
        .then(task)
        .then(
          () => undefined,
          (err: Error) => onError(err),
        )
        .finally(() => {
          if (!stopped) schedule();
        });
    }, delayMs());
    timer.unref();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      return running;
    },
  };
}
