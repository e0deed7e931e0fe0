// The time a read's last byte arrived, stamped the moment the driver takes the bytes in (before any
// listener runs). Epoch milliseconds with sub-millisecond precision: Date.now() has whole
// milliseconds, too coarse for a latency budget of 2 ms. Monotonic within the process.
export const lastByteClock = (): number => performance.timeOrigin + performance.now();
