// "Something health shows has changed": the parts whose state /api/health reports (the hub push, the
// report reminder, retention, …) say so here, and the health monitor, made after them, listens. The
// signal is made before all of them, so no part needs a reference to the monitor that reads it.

export type StatusListener = (source: string) => void;

export class StatusSignal {
  readonly #listeners = new Set<StatusListener>();

  /** Subscribes; returns the unsubscribe. */
  on(listener: StatusListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** `source` names the part (for a debugger; listeners recompute everything anyway). */
  changed(source: string): void {
    for (const l of this.#listeners) l(source);
  }
}
