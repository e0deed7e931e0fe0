// The simulated chip reader (service and test issuer together) seen through tiepnhan's real HN212
// transport and the daemon's passive authentication: a presented card verifies to "issuer" against
// the simulator's own CSCA, and each card fault is caught by the check that names it. Every wait is
// for an event, with a cap so a broken build fails instead of hanging.

import t, { type Test } from 'tap';
import type { ChipCard, ChipFailure } from '../../../../drivers/src/chip/chip-transport.ts';
import { Hn212SocketIoTransport } from '../../../../drivers/src/chip/hn212-socketio-transport.ts';
import { readChipCard } from '../../../../daemon/src/chip/chip-identity.ts';
import { loadCscaBundle } from '../../../../daemon/src/chip/csca-store.ts';
import { verifyChip } from '../../../../daemon/src/chip/passive-auth.ts';
import { CHIP_CARD_SIM_FAULTS, DEMO_CHIP_PERSON, SimulatedChipReader } from '../../../../simulators/src/chip/chip-sim.ts';
import { nextEvent as next, openConnected, QUICK_RECONNECT } from '../../../helpers/chip.ts';

// One simulator for the file: its CSCA and Document Signer are brainpoolP384r1 keys, made at construction.
const sim = new SimulatedChipReader();
const store = loadCscaBundle(sim.csca.pem);

async function connected(t: Test, cardTimeoutMs = 5000): Promise<Hn212SocketIoTransport> {
  const reader = new Hn212SocketIoTransport({ url: sim.service.url!, cardTimeoutMs, ...QUICK_RECONNECT });
  t.teardown(() => reader.close());
  return openConnected(reader);
}

await sim.start();
t.teardown(() => sim.stop());

t.test('start: a loopback HTTP URL for the HN212 protocol', async (t) => {
  t.match(sim.service.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.not(sim.service.url, 'http://127.0.0.1:0', 'a real port was picked');
  t.equal(sim.csca.keyType, 'brainpoolP384r1');
});

t.test('a presented card arrives whole and verifies to issuer against the simulator’s CSCA', async (t) => {
  const reader = await connected(t);
  const card = next(reader, 'card');
  await sim.present();
  const got: ChipCard = await card;
  t.equal(got.fields['idCode'], DEMO_CHIP_PERSON.id);
  t.equal(got.fields['personName'], DEMO_CHIP_PERSON.name);
  t.ok(got.raw?.sod && got.raw.dg13 && got.raw.dg2 && got.raw.image, 'SOD, DG13, DG2 and the service’s image');
  t.same(verifyChip(got.raw!, store), { level: 'issuer' });
  t.same(verifyChip(got.raw!, null), { level: 'integrity' }, 'no CSCA installed: integrity only');
  t.match(readChipCard(got, store), { ok: true, identity: { id: '001089012345', name: 'Nguyễn Văn An', dob: '1989-03-15', sex: 'M' }, differs: [] });
});

t.test('the card faults: each caught by its check', async (t) => {
  const reader = await connected(t);
  const expected = [
    ['otherCsca', { level: 'failed', check: 'issuer' }],
    ['selfSigned', { level: 'failed', check: 'issuer' }],
    ['alteredDg13', { level: 'failed', check: 'dgHash' }],
    ['rewrittenHashes', { level: 'failed', check: 'messageDigest' }],
  ] as const;
  for (const [fault, verification] of expected) {
    const card = next(reader, 'card');
    await sim.present(fault);
    t.same(verifyChip((await card).raw!, store), verification, fault);
  }
});

t.test('another person’s card', async (t) => {
  const reader = await connected(t);
  const card = next(reader, 'card');
  await sim.present(undefined, { ...DEMO_CHIP_PERSON, id: '079190000123', name: 'Trần Thị Bình', sex: 'Nữ' });
  t.match(readChipCard(await card, store), { ok: true, identity: { id: '079190000123', name: 'Trần Thị Bình', sex: 'F' }, verification: { level: 'issuer' } });
});

t.test('the service faults: a failure the transport reports, never a card', async (t) => {
  const reader = await connected(t, 300);
  const cards: ChipCard[] = [];
  reader.on('card', (c) => cards.push(c));
  let failure: Promise<ChipFailure> = next(reader, 'failure');
  await sim.present('failure');
  t.match(await failure, { kind: 'cardFailed' });
  failure = next(reader, 'failure');
  await sim.present('missingRaw');
  t.match(await failure, { kind: 'incomplete' }, 'the raw files never came: the card deadline');
  t.same(cards, []);
});

t.test('CHIP_CARD_SIM_FAULTS lists the service’s and the card’s faults', async (t) => {
  t.same([...CHIP_CARD_SIM_FAULTS].sort(), ['alteredDg13', 'dropMidCard', 'failure', 'missingRaw', 'otherCsca', 'rewrittenHashes', 'selfSigned']);
});

t.test('the ws-events protocol: a ws:// URL', async (t) => {
  const ws = new SimulatedChipReader({ protocol: 'ws-events' });
  const url = await ws.start();
  t.teardown(() => ws.stop());
  t.match(url, /^ws:\/\/127\.0\.0\.1:\d+$/);
});
