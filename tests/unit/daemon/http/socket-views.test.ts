// What a socket hears is what its page needs, bounded by the caller's role (issue #32 item 4): the
// declared view against every role, what a malformed handshake gets, and the display's old form.

import t from 'tap';
import type { Caller } from '../../../../daemon/src/http-kit/caller.ts';
import { declaredView, grantFor, patientRooms } from '../../../../daemon/src/http/socket-views.ts';

const admin: Caller = { id: 'local', role: 'admin', desk: null };
const tech: Caller = { id: 'tech', role: 'technician', desk: null };
const desk1: Caller = { id: 'desk1', role: 'reception', desk: 'desk-1' };
const anyDesk: Caller = { id: 'hall', role: 'reception', desk: null };

/** Whether a socket with these rooms hears a patient message of `desk`. */
const hears = (rooms: readonly string[], desk: string): boolean => patientRooms(desk).some((r) => rooms.includes(r));

t.test('the technician page gets devices, health and test reads, never a patient, whoever opens it', async (t) => {
  for (const who of [admin, tech]) {
    const g = grantFor({ view: 'tech' }, who);
    t.same(g.rooms, ['status', 'technicians', 'health-details'], `${who.role}: status, test reads and the whole health report`);
    t.equal(g.patients, null);
    t.notOk(hears(g.rooms, 'desk-1'), `${who.role}: no patient message`);
  }
  t.same(grantFor({ view: 'tech' }, desk1).rooms, ['status'], 'a receptionist on /tech: not even test reads (its role has none), the health summary only');
});

t.test('a desk page hears its own desk only, if the role allows that desk', async (t) => {
  const g = grantFor({ view: 'reception', desk: 'desk-2' }, admin);
  t.same(g.rooms, ['status', 'desk:desk-2'], 'the admin on desk-2’s page: desk-2 only');
  t.ok(hears(g.rooms, 'desk-2'));
  t.notOk(hears(g.rooms, 'desk-1'), 'not another desk');
  t.equal(g.replay, true, 'it gets the desk’s latest read on connecting');
  t.equal(grantFor({ view: 'reception', desk: 'desk-2', replay: false }, admin).replay, false, 'unless it asks not to');
  t.same(grantFor({ view: 'reception', desk: 'desk-1' }, desk1).rooms, ['status', 'desk:desk-1'], 'a desk token at its own desk');
  t.same(grantFor({ view: 'reception', desk: 'desk-2' }, desk1).rooms, ['status'], 'a desk token at another desk’s page: no patient');
  t.same(grantFor({ view: 'reception', desk: 'desk-3' }, anyDesk).rooms, ['status', 'desk:desk-3'], 'a desk-less reception token: the desk shown');
  t.same(grantFor({ view: 'reception', desk: 'desk-1' }, tech).rooms, ['status'], 'a technician: never a patient');
  t.same(grantFor({ view: 'reception' }, admin).rooms, ['status'], 'no desk declared: no patient');
  t.same(grantFor({ view: 'reception', desk: '../all' }, admin).rooms, ['status'], 'a desk that is no desk id: no patient');
});

t.test('the kiosk hears its own desk and never replays the previous patient', async (t) => {
  const g = grantFor({ view: 'kiosk', desk: 'kiosk-1' }, admin);
  t.same(g.rooms, ['status', 'desk:kiosk-1']);
  t.equal(g.replay, false, 'no replay, even when not asked');
  t.equal(grantFor({ view: 'kiosk', desk: 'kiosk-1', replay: true }, admin).replay, false, 'nor when asked');
});

t.test('a queue display hears its boards and nothing else; a technician’s boards have no names', async (t) => {
  const g = grantFor({ view: 'queue', queue: ['kham-noi', 'Nope!', 7, 'nhi'] }, admin);
  t.same(g.rooms, ['queue:kham-noi', 'queue:nhi'], 'only valid department ids; no status, no patient room');
  t.same(g.queues, ['kham-noi', 'nhi']);
  t.equal(g.anonymousQueues, false);
  t.same(grantFor({ queue: ['kham-noi'] }, admin).rooms, ['queue:kham-noi'], '`queue` alone is a display, as before views');
  const anon = grantFor({ view: 'queue', queue: ['kham-noi'] }, tech);
  t.same(anon.rooms, ['queue-anon:kham-noi']);
  t.equal(anon.anonymousQueues, true);
  const many = Array.from({ length: 12 }, (_, i) => `k-${i}`);
  t.equal(grantFor({ queue: many }, admin).queues.length, 8, 'at most 8 departments');
  t.same(grantFor({ view: 'tech', queue: ['kham-noi'] }, admin).queues, [], 'another view does not get boards by adding `queue`');
});

t.test('view all: everything the role allows (scripts and integrations ask for it by name)', async (t) => {
  t.same(
    grantFor({ view: 'all' }, admin).rooms,
    ['status', 'patients:all', 'technicians', 'health-details'],
    'the admin: every desk, test reads and the whole health report',
  );
  t.same(grantFor({ view: 'all' }, anyDesk).rooms, ['status', 'patients:all'], 'a desk-less receptionist: every desk');
  t.same(grantFor({ view: 'all' }, desk1).rooms, ['status', 'desk:desk-1'], 'a desk token: still its desk only');
  t.same(grantFor({ view: 'all' }, tech).rooms, ['status', 'technicians', 'health-details'], 'a technician: still no patient');
  t.equal(grantFor({ view: 'all', replay: false }, admin).replay, false);
});

t.test('no view, an unknown view, or no handshake auth at all: devices and health only', async (t) => {
  for (const auth of [undefined, null, {}, { view: 'everything' }, { view: 7 }, 'reception', { token: '' }, { token: 7 }, { replay: true }]) {
    const g = grantFor(auth, admin);
    t.same(g.rooms, ['status'], `${JSON.stringify(auth)}: status only`);
    t.equal(g.patients, null);
    t.equal(g.replay, false);
  }
  t.equal(declaredView({ view: 'bogus', queue: ['kham-noi'] }).view, null, 'a view that is not known is no view, even beside `queue`');
});

t.test('an integration signing in with an API token and no view hears what its token allows, as before views existed', async (t) => {
  t.same(grantFor({ token: 'his-token' }, anyDesk).rooms, ['status', 'patients:all'], "a desk-less reception token: every desk's patients");
  t.same(grantFor({ token: 'his-token' }, desk1).rooms, ['status', 'desk:desk-1'], 'a desk token: its desk');
  t.same(grantFor({ token: 'tech-token' }, tech).rooms, ['status', 'technicians', 'health-details'], 'a technician token: still no patient');
  t.same(grantFor({ token: 'his-token', view: 'tech' }, admin).rooms, ['status', 'technicians', 'health-details'], 'a declared view still narrows it');
});
