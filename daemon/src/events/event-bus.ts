// The daemon's internal announcements. A failing listener is logged and counted, never fatal:
// the UI layer throwing must not stop a scan from being stored or counted.

import type { Logger } from '../log.ts';
import type {
  CheckInNotice,
  DeviceView,
  EligibilityHealth,
  EligibilityMessage,
  HealthReport,
  HistoryNotice,
  QueueBoard,
  WaitingRead,
  ScanMessage,
  TestReadMessage,
} from '../api/contract.ts';

export interface BusEvents {
  scan: ScanMessage;
  eligibility: EligibilityMessage;
  devices: DeviceView[];
  testRead: TestReadMessage;
  health: HealthReport;
  history: HistoryNotice;
  checkin: CheckInNotice;
  /** A department's queue changed: its board, for the displays that watch it. */
  queue: QueueBoard;
  /** A read received that cannot be stored yet (storage not ok): the desk shows it, without patient data. */
  waiting: WaitingRead;
  /** A read that waited was given up: the desk asks for the card again. */
  notStored: WaitingRead;
  /** The lookup account's state changed (restricted, refused credentials, resumed). */
  account: EligibilityHealth['state'];
}

type Listener<T> = (payload: T) => void;

export class EventBus {
  readonly #listeners: { [K in keyof BusEvents]?: Listener<BusEvents[K]>[] } = {};
  listenerFailures = 0;

  constructor(private readonly log: Logger) {}

  on<K extends keyof BusEvents>(event: K, listener: Listener<BusEvents[K]>): () => void {
    const list = (this.#listeners[event] ??= []) as Listener<BusEvents[K]>[];
    list.push(listener);
    return () => {
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    };
  }

  emit<K extends keyof BusEvents>(event: K, payload: BusEvents[K]): void {
    for (const l of this.#listeners[event] ?? []) {
      try {
        l(payload);
      } catch (err) {
        this.listenerFailures++;
        this.log.error({ err: (err as Error).message, event }, 'event listener failed');
      }
    }
  }
}
