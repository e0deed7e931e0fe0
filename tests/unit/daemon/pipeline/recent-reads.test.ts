// The recent reads a technician sees are bounded per device and in devices, and flooding it with new keys cannot reset
// somebody else's limit.

import t from 'tap';
import { MAX_DEVICES, RecentReads, type RecentRead } from '../../../../daemon/src/pipeline/recent-reads.ts';

t.test('recent reads: 20 a device, and at most MAX_DEVICES devices', async (t) => {
  const r = new RecentReads();
  const read: RecentRead = { at: '', bytes: 1, end: 'CR', ok: false, test: false, kind: null, code: 'empty', hex: null, text: '', structure: null };
  for (let i = 0; i < 30; i++) r.add('dev', read);
  t.equal(r.of('dev').length, 20);
  for (let i = 0; i < MAX_DEVICES + 50; i++) r.add(`camera@desk-${i}`, read);
  t.equal(r.of('camera@desk-0').length, 0, 'the oldest device is forgotten first');
  t.equal(r.of(`camera@desk-${MAX_DEVICES + 49}`).length, 1);
  t.equal(r.of('dev').length, 0, 'a device not read lately is forgotten too (its reads are still in the database)');
});
