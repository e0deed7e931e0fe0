// A reception page opened after the patient's card was read still shows them: the latest scan and
// the latest eligibility answer are kept for a page that connects (http/socket-plugin.ts sends
// them), each replaced by the next, and nothing is kept once the part has stopped.

import t from 'tap';
import type { EligibilityMessage, ScanMessage } from '../../../../daemon/src/api/contract.ts';
import { EventBus } from '../../../../daemon/src/events/event-bus.ts';
import { LatestMessages } from '../../../../daemon/src/http/latest-messages.ts';
import { createLogger } from '../../../../daemon/src/log.ts';

const scan = (eventId: number): ScanMessage => ({ eventId, deviceId: 's-1', desk: 'desk-1', source: 'scan' }) as ScanMessage;
const answer = (eventId: number): EligibilityMessage => ({ eventId, outcome: 'eligible', code: '000' }) as EligibilityMessage;

t.test('the latest of each is kept for the next page, replaced by the next one, and no longer followed after stop', async (t) => {
  const bus = new EventBus(createLogger('silent'));
  const latest = new LatestMessages(bus);
  bus.emit('scan', scan(1));
  t.same(latest.current, { scan: null, eligibility: null }, 'nothing before start');
  latest.start();
  bus.emit('scan', scan(2));
  bus.emit('eligibility', answer(2));
  t.match(latest.current, { scan: { eventId: 2 }, eligibility: { eventId: 2 } });
  bus.emit('scan', scan(3));
  t.match(latest.current, { scan: { eventId: 3 }, eligibility: { eventId: 2 } }, 'the next patient replaces the scan; the answer waits for its own');
  latest.stop();
  bus.emit('scan', scan(4));
  t.match(latest.current.scan, { eventId: 3 }, 'stopped: no longer follows the bus');
});
