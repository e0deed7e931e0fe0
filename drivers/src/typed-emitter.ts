import { EventEmitter } from 'node:events';

// A thin typed facade over EventEmitter, so transports expose `on('read', …)` with checked listeners.
export class TypedEmitter<Events extends { [K in keyof Events]: (...args: never[]) => void }> {
  readonly #ee = new EventEmitter();

  on<E extends keyof Events & string>(event: E, listener: Events[E]): this {
    this.#ee.on(event, listener as unknown as (...args: unknown[]) => void);
    return this;
  }

  off<E extends keyof Events & string>(event: E, listener: Events[E]): this {
    this.#ee.off(event, listener as unknown as (...args: unknown[]) => void);
    return this;
  }

  protected emit<E extends keyof Events & string>(event: E, ...args: Parameters<Events[E]>): void {
    this.#ee.emit(event, ...args);
  }
}
