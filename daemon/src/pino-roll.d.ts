// pino-roll ships no types; the part tiepnhan uses (log.ts).
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino';
  interface RollOptions {
    file: string;
    size?: string | number;
    limit?: { count?: number };
    mkdir?: boolean;
    sync?: boolean;
  }
  export default function roll(opts: RollOptions): Promise<DestinationStream & { end(): void; flushSync(): void }>;
}
