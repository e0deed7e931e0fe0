// What the desk keeps of a chip read for the visit, in memory: the entry until portraitKeepMs, the
// consent recorded once (the held lookup released once), a later QR read of the same ID at the same
// desk compared with the chip's data, and a cap so a long day cannot grow memory without end.

import t from 'tap';
import type { ScanMessage } from '../../../../daemon/src/api/contract.ts';
import type { IdentityView } from '../../../../daemon/src/api/contract.ts';
import { ChipVisits } from '../../../../daemon/src/chip/chip-visits.ts';
import { AN_VIEW as AN } from '../../../helpers/chip.ts';

const KEEP_MS = 60_000;
const PORTRAIT = { mime: 'image/jpeg' as const, bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0]) };

/** A ChipVisits on a clock the test moves by hand. */
function rig() {
  const clock = { ms: 1_700_000_000_000 };
  const visits = new ChipVisits({ keepMs: KEEP_MS, now: () => clock.ms });
  const keep = (eventId: number, over: Partial<Parameters<ChipVisits['keep']>[1]> = {}) =>
    visits.keep(eventId, { desk: 'desk-1', deviceId: 'chip-1', identity: AN, portrait: PORTRAIT, consent: 'notRequired', message: {} as ScanMessage, ...over });
  return { clock, visits, keep };
}

t.test('keep and of: the visit with its portrait while kept, null for an unknown event', async (t) => {
  const { visits, keep, clock } = rig();
  keep(7);
  t.match(visits.of(7), { eventId: 7, desk: 'desk-1', deviceId: 'chip-1', identity: { id: '001089012345' }, consent: 'notRequired', at: clock.ms });
  t.equal(visits.of(7)?.portrait, PORTRAIT);
  t.equal(visits.of(8), null);
  t.equal(visits.size, 1);
});

t.test('forgotten once keepMs has passed, not before', async (t) => {
  const { visits, keep, clock } = rig();
  keep(1);
  clock.ms += 10_000;
  keep(2);
  clock.ms += KEEP_MS - 10_000;
  t.not(visits.of(1), null, 'exactly keepMs old: still kept');
  clock.ms += 1;
  t.equal(visits.of(1), null, 'a millisecond later: gone');
  t.not(visits.of(2), null, 'the later one stays');
  t.equal(visits.size, 1);
  clock.ms += 10_000;
  t.equal(visits.of(2), null);
  t.equal(visits.size, 0, 'memory released, not only hidden');
});

t.test('consent: only a visit that needs it, once', async (t) => {
  const { visits, keep, clock } = rig();
  keep(1, { consent: 'needed' });
  keep(2);
  const given = visits.consent(1);
  t.match(given, { eventId: 1, deviceId: 'chip-1', desk: 'desk-1', consent: 'given', identity: { id: '001089012345' } });
  t.equal(visits.consent(1), null, 'a second consent releases nothing');
  t.equal(visits.of(1)?.consent, 'given');
  t.equal(visits.consent(2), null, 'not required: nothing to release');
  t.equal(visits.consent(99), null, 'unknown');
  keep(3, { consent: 'needed' });
  clock.ms += KEEP_MS + 1;
  t.equal(visits.consent(3), null, 'the visit is over');
});

t.test('compare: the latest chip read of the same ID at the same desk', async (t) => {
  const { visits, keep, clock } = rig();
  const qr: IdentityView = { ...AN, kind: 'cccd2021' };
  t.equal(visits.compare('desk-1', qr), undefined, 'no chip read yet');
  keep(1);
  keep(2, { desk: 'desk-2', identity: { ...AN, name: 'Someone Else' } });
  keep(3, { identity: { ...AN, address: 'Hải Phòng' } });
  t.same(visits.compare('desk-1', qr), { chipEventId: 3, matches: false, differs: ['address'] }, 'the latest at desk-1, not desk-2’s');
  t.same(visits.compare('desk-2', qr), { chipEventId: 2, matches: false, differs: ['name'] });
  t.equal(visits.compare('desk-3', qr), undefined, 'another desk: nothing');
  t.equal(visits.compare('desk-1', { ...qr, id: '001089099999' }), undefined, 'another ID: nothing');
  t.equal(visits.compare('desk-1', { ...qr, kind: 'bhytCard', id: null, cardCode: 'DN4010123456789' }), undefined, 'no ID to compare');
  keep(4);
  t.same(visits.compare('desk-1', qr), { chipEventId: 4, matches: true, differs: [] });
  t.same(
    visits.compare('desk-1', { ...qr, dob: '1989-03-16', sex: 'F', address: '' }),
    { chipEventId: 4, matches: false, differs: ['dob', 'sex'] },
    'a QR without an address is compared on what it carries',
  );
  clock.ms += KEEP_MS + 1;
  t.equal(visits.compare('desk-1', qr), undefined, 'the visit is over');
});

t.test('the cap: the 2001st visit drops the oldest', async (t) => {
  const { visits, keep } = rig();
  for (let id = 1; id <= 2000; id++) keep(id);
  t.equal(visits.size, 2000);
  t.not(visits.of(1), null);
  keep(2001);
  t.equal(visits.size, 2000);
  t.equal(visits.of(1), null, 'the oldest went');
  t.not(visits.of(2), null);
  t.not(visits.of(2001), null);
});
