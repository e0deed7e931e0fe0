// "The device has gone quiet" decisions: an unterminated serial read, a HID-POS read whose last
// report never came, a keyboard-wedge scan without Enter. After the event loop has been stalled (a
// large report rendered, a long garbage collection) the timer is overdue, and each loop turn runs
// timers before I/O: firing at once would cut a read in two while its remaining bytes already wait
// in the kernel. So an overdue timer first lets one I/O phase pass (setImmediate runs after it) and
// fires only if no input arrived and re-armed it in the meantime.

export class SilenceTimer {
  #timer: NodeJS.Timeout | null = null;
  #check: NodeJS.Immediate | null = null;

  constructor(private readonly onSilence: () => void) {}

  /** (Re)starts the wait: called on every input. */
  arm(ms: number): void {
    this.cancel();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#check = setImmediate(() => {
        this.#check = null;
        this.onSilence();
      });
    }, ms);
  }

  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#check) clearImmediate(this.#check);
    this.#timer = null;
    this.#check = null;
  }
}
