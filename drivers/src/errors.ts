// Stable codes for transport failures; messages are for logs, codes are for code.

export type TransportErrorCode = 'SCANNER_OPEN_FAILED' | 'SCANNER_DISCONNECTED' | 'SCANNER_READ_OVERFLOW' | 'SCANNER_BAD_REPORT' | 'SCANNER_LOST_REPORT';

export class TransportError extends Error {
  constructor(
    readonly code: TransportErrorCode,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export function isTransportError(e: unknown): e is TransportError {
  return e instanceof TransportError;
}
