// A reader's status as a state machine, UnifiedPOS-shaped: `state` (closed / idle / busy / error) and
// `power` (unknown / online / offline / off). Every change goes through `transition`, from a driver
// event (opened, open failed, disconnected, closed) or a pipeline event (read started, read handled);
// the table test (tests/unit/daemon/devices/reader-status.test.ts) lists every transition.

import type { DeviceState, PowerState } from '../api/contract.ts';

export interface ReaderStatus {
  readonly state: DeviceState;
  readonly power: PowerState;
  /** The last failure's message; kept after recovery, for the technician. */
  readonly lastError: string | null;
}

export type ReaderEvent =
  | { readonly type: 'opened' }
  | { readonly type: 'openFailed'; readonly error: string }
  | { readonly type: 'readStarted' }
  | { readonly type: 'readHandled' }
  | { readonly type: 'disconnected'; readonly error: string }
  | { readonly type: 'closed' };

export const INITIAL_STATUS: ReaderStatus = { state: 'closed', power: 'unknown', lastError: null };

export function transition(s: ReaderStatus, e: ReaderEvent): ReaderStatus {
  switch (e.type) {
    case 'opened':
      return { ...s, state: 'idle', power: 'online' };
    case 'openFailed':
    case 'disconnected':
      return { state: 'error', power: 'offline', lastError: e.error };
    case 'readStarted':
      // A read can only arrive from an open device; a late one after a disconnect changes nothing.
      return s.power === 'online' ? { ...s, state: 'busy' } : s;
    case 'readHandled':
      return s.state === 'busy' ? { ...s, state: 'idle' } : s;
    case 'closed':
      return { ...s, state: 'closed', power: 'off' };
  }
}
