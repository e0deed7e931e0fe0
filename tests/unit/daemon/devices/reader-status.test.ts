// The reader status state machine, every transition in one table: from each state a driver or the
// pipeline can put a reader in, what each event leads to.

import t from 'tap';
import { INITIAL_STATUS, transition, type ReaderEvent, type ReaderStatus } from '../../../../daemon/src/devices/reader-status.ts';

const S = (state: ReaderStatus['state'], power: ReaderStatus['power'], lastError: string | null = null): ReaderStatus => ({ state, power, lastError });
const opened: ReaderEvent = { type: 'opened' };
const failed: ReaderEvent = { type: 'openFailed', error: 'ENOENT' };
const unplugged: ReaderEvent = { type: 'disconnected', error: 'cable pulled' };
const started: ReaderEvent = { type: 'readStarted' };
const handled: ReaderEvent = { type: 'readHandled' };
const closed: ReaderEvent = { type: 'closed' };

const TABLE: Array<[string, ReaderStatus, ReaderEvent, ReaderStatus]> = [
  ['a new reader opens', INITIAL_STATUS, opened, S('idle', 'online')],
  ['a new reader fails to open', INITIAL_STATUS, failed, S('error', 'offline', 'ENOENT')],
  ['an idle reader starts a read', S('idle', 'online'), started, S('busy', 'online')],
  ['a busy reader finishes it', S('busy', 'online'), handled, S('idle', 'online')],
  ['a read handled after an unplug changes nothing', S('error', 'offline', 'cable pulled'), handled, S('error', 'offline', 'cable pulled')],
  ['a late read after an unplug does not make it busy', S('error', 'offline', 'cable pulled'), started, S('error', 'offline', 'cable pulled')],
  ['an idle reader is unplugged', S('idle', 'online'), unplugged, S('error', 'offline', 'cable pulled')],
  ['a busy reader is unplugged mid-read', S('busy', 'online'), unplugged, S('error', 'offline', 'cable pulled')],
  ['an unplugged reader is back (its last error kept for the technician)', S('error', 'offline', 'cable pulled'), opened, S('idle', 'online', 'cable pulled')],
  ['a reopen fails again', S('error', 'offline', 'cable pulled'), failed, S('error', 'offline', 'ENOENT')],
  ['an open reader is closed at shutdown', S('idle', 'online'), closed, S('closed', 'off')],
  ['an offline reader is closed at shutdown', S('error', 'offline', 'x'), closed, S('closed', 'off', 'x')],
];

t.test('reader status transitions', async (t) => {
  for (const [what, from, event, to] of TABLE) t.same(transition(from, event), to, what);
});

t.test('every event is covered from every state', async (t) => {
  const states: ReaderStatus[] = [INITIAL_STATUS, S('idle', 'online'), S('busy', 'online'), S('error', 'offline', 'e'), S('closed', 'off')];
  for (const from of states) {
    for (const e of [opened, failed, unplugged, started, handled, closed]) {
      const to = transition(from, e);
      t.ok(
        ['closed', 'idle', 'busy', 'error'].includes(to.state) && ['unknown', 'online', 'offline', 'off'].includes(to.power),
        `${from.state}/${from.power} + ${e.type}`,
      );
      if (to.state === 'busy' || to.state === 'idle') t.equal(to.power, 'online', 'a reader is idle or busy only while online');
    }
  }
});
