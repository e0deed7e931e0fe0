// What a simulated serial scanner needs from a pseudo-terminal: a descriptor to write the device's
// bytes into, the path the daemon opens, and unplug/replug. Two makers implement it: a socat pair
// (PtyPair) and a kernel PTY with no relay process (KernelPty).

export interface ScannerPty {
  /** What the daemon opens, as it would open /dev/ttyACM0. */
  readonly hostPath: string;
  readonly plugged: boolean;
  /** The descriptor the simulated scanner writes into; owned by the PTY and closed on unplug. */
  deviceFd(): number;
  /** (Re)creates the device; `hostPath` stays the same. */
  plug(): Promise<void>;
  /** Removes the device, as pulling the USB cable does. */
  unplug(): Promise<void>;
  close(): Promise<void>;
}
