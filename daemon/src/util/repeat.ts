// Runs a background task again `delayMs()` after each run has finished (runs never overlap), until
// stopped. The timer does not keep the process alive; failures go to `onError`, never unhandled.

export interface Repeating {
  stop(): void;
}

export function repeat(task: () => Promise<unknown>, delayMs: () => number, onError: (err: Error) => void): Repeating {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const schedule = (): void => {
    timer = setTimeout(() => {
      void Promise.resolve()
        .then(task)
        .catch((err: Error) => onError(err))
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
    },
  };
}
