// What a command run in-process writes to stdout and stderr, for the CLI's unit tests. By default only
// writes made from tiepnhan's own code (a `daemon/src/` or `hub/src/` frame on the stack) are
// captured; the rest, TAP's own output among them, passes through. restore() puts back exactly the
// write that was there (the unit suite runs every file in one process). One capture at a time.

type Name = 'stdout' | 'stderr';
type Write = (chunk: unknown, ...rest: unknown[]) => boolean;

const OURS = /[\\/](daemon|hub)[\\/]src[\\/]/;

export interface Captured {
  /** The bytes written so far, as UTF-8 text. */
  readonly stdout: string;
  readonly stderr: string;
  /** The bytes written so far. */
  bytes(name: Name): Buffer;
  /** Puts the streams' own write back. */
  restore(): void;
}

export interface CaptureOptions {
  /** Captures the writes whose call stack matches (default: tiepnhan's daemon/src and hub/src). */
  readonly from?: RegExp;
  /** Called after each captured write. */
  readonly onWrite?: (name: Name) => void;
}

/** Starts capturing. */
export function captureOutput({ from = OURS, onWrite }: CaptureOptions = {}): Captured {
  const chunks: Record<Name, Buffer[]> = { stdout: [], stderr: [] };
  const restores = (['stdout', 'stderr'] as const).map((name) => {
    const stream = process[name];
    // The stream's write is usually its prototype's; put back exactly what was there.
    const own = Object.getOwnPropertyDescriptor(stream, 'write');
    const passThrough = stream.write.bind(stream) as Write;
    const write: Write = (chunk, ...rest) => {
      if (!from.test(new Error().stack ?? '')) return passThrough(chunk, ...rest);
      chunks[name].push(
        typeof chunk === 'string' ? Buffer.from(chunk, typeof rest[0] === 'string' ? (rest[0] as BufferEncoding) : 'utf8') : Buffer.from(chunk as Uint8Array),
      );
      const done = rest.find((r): r is () => void => typeof r === 'function');
      if (done) process.nextTick(done);
      onWrite?.(name);
      return true;
    };
    Object.defineProperty(stream, 'write', { value: write, configurable: true, writable: true });
    return () => {
      if (own) Object.defineProperty(stream, 'write', own);
      else delete (stream as { write?: unknown }).write;
    };
  });
  const bytes = (name: Name): Buffer => Buffer.concat(chunks[name]);
  return {
    get stdout() {
      return bytes('stdout').toString('utf8');
    },
    get stderr() {
      return bytes('stderr').toString('utf8');
    },
    bytes,
    restore: () => restores.forEach((r) => r()),
  };
}
