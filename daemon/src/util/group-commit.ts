// Group commit, the one batching queue: work submitted while a group is being committed waits and
// goes into the next group, so many callers at once cost one transaction instead of one each. Each
// caller resolves with its own result only after its group committed. When a group fails, its items
// are retried one by one, so one bad item fails only its own caller.
//   - EventsRepo: scans of many scanners share one commit (flush as soon as the last one ends);
//   - PatientIndex: sightings are learned `delayMs` after the first of a batch, a few per transaction.

export interface GroupCommitOptions<T, R> {
  /** Commits a group (at most `maxGroup` items); resolves with one result per item, in order. */
  readonly commit: (items: readonly T[]) => Promise<R[]>;
  readonly maxGroup: number;
  /** Wait this long after the first item of an idle queue before committing (0: at once). */
  readonly delayMs?: number;
}

interface Pending<T, R> {
  readonly item: T;
  readonly resolve: (r: R) => void;
  readonly reject: (err: unknown) => void;
}

export class GroupCommit<T, R> {
  readonly #queue: Array<Pending<T, R>> = [];
  #running: Promise<void> | null = null;

  constructor(private readonly opts: GroupCommitOptions<T, R>) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#kick();
    });
  }

  /** Starts a drain unless one runs. A caller resumed by the last group can submit again before that
   *  drain's `finally` has run (it sees a drain still running, and one that will not look again):
   *  so the `finally` starts the next drain itself when something is waiting. */
  #kick(): void {
    this.#running ??= this.#drain().finally(() => {
      this.#running = null;
      if (this.#queue.length > 0) this.#kick();
    });
  }

  get pending(): number {
    return this.#queue.length;
  }

  /** Resolves when everything submitted so far is committed (shutdown, tests). */
  async settle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    if (this.opts.delayMs) await new Promise((r) => setTimeout(r, this.opts.delayMs));
    while (this.#queue.length > 0) {
      const group = this.#queue.splice(0, this.opts.maxGroup);
      try {
        const results = await this.opts.commit(group.map((p) => p.item));
        group.forEach((p, i) => p.resolve(results[i]!));
      } catch (err) {
        if (group.length === 1) group[0]!.reject(err);
        else for (const p of group) await this.opts.commit([p.item]).then((r) => p.resolve(r[0]!), p.reject);
      }
    }
  }
}
