// A feature is a part of the daemon with a lifecycle. The composition root (daemon.ts) creates every
// part without side effects, lists the features once, starts them in that order and stops them in the
// reverse order: what starts last (HTTP) stops first, and storage, which everything writes to, is
// closed after all of them.

/** The part of the daemon's logger (log.ts) that starting and stopping uses. */
interface Logger {
  debug(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface Feature {
  readonly name: string;
  start?(): Promise<void> | void;
  stop?(): Promise<void> | void;
}

export async function startAll(features: readonly Feature[], log: Logger): Promise<void> {
  for (const f of features) {
    log.debug({ feature: f.name }, 'starting');
    await f.start?.();
  }
}

/** Stops every feature, last started first; one failing stop is logged and does not keep the others running. */
export async function stopAll(features: readonly Feature[], log: Logger): Promise<void> {
  for (const f of [...features].reverse()) {
    try {
      await f.stop?.();
    } catch (err) {
      log.error({ feature: f.name, err: (err as Error).message }, 'feature failed to stop');
    }
  }
}
