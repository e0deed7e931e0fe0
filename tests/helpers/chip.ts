// What the chip reader's tests share: the one person they read (Nguyễn Văn An, as the chip's DG13
// holds him and as the desk shows him), a test issuer, and the rig that runs a simulated vendor
// service with a real transport connected to it and collects what the transport emits.

import type { Test } from 'tap';
import type { ChipReadView, IdentityView } from '../../daemon/src/api/contract.ts';
import { CHIP_LEVEL_TEXT } from '../../daemon/src/chip/chip-messages.ts';
import type { ChipTransportBaseOptions } from '../../drivers/src/chip/chip-transport-base.ts';
import type { ChipCard, ChipFailure, ChipProtocol, ChipReaderTransport, ChipTransportEvents } from '../../drivers/src/chip/chip-transport.ts';
import type { TransportError } from '../../drivers/src/errors.ts';
import type { ChipIdentity } from '../../simulators/src/chip/chip-card.ts';
import { SimulatedChipService, type SimulatedCard } from '../../simulators/src/chip/chip-reader-service.ts';
import { makeCsca, makeDocumentSigner, type TestCertificate } from '../../simulators/src/chip/test-pki.ts';

/** The person on the test chip, as the simulator writes him into DG13. */
export const AN: ChipIdentity = {
  id: '001089012345',
  oldId: '013456789',
  name: 'Nguyễn Văn An',
  dob: '1989-03-15',
  sex: 'Nam',
  residence: 'Số 12 Thụy Khuê, Tây Hồ, Hà Nội',
  issueDate: '2021-04-20',
  expiryDate: '2029-03-15',
};

/** AN as the desk shows a chip read of him: written out, not derived, so a test comparing with it
 *  checks the reading rather than repeating it. */
export const AN_VIEW: IdentityView = {
  kind: 'chip',
  id: '001089012345',
  cardCode: null,
  oldId: '013456789',
  name: 'Nguyễn Văn An',
  dob: '1989-03-15',
  sex: 'M',
  address: 'Số 12 Thụy Khuê, Tây Hồ, Hà Nội',
  issueDate: '2021-04-20',
};

/** What the desk is told of AN's genuine card checked against its issuer, no consent required. */
export const AN_ISSUER_VIEW: ChipReadView = {
  verification: 'issuer',
  failedCheck: null,
  text: CHIP_LEVEL_TEXT.issuer,
  portrait: true,
  portraitSigned: true,
  consent: 'notRequired',
  differs: [],
  expiryDate: '2029-03-15',
};

let signer: { readonly csca: TestCertificate; readonly ds: TestCertificate } | null = null;

/** A CSCA and its Document Signer, made on first use (key generation is not free, and the unit
 *  suite loads every file in one process). p256 keeps it quick: the key types themselves are
 *  passive-auth.test.ts's business. */
export function testIssuer(): { readonly csca: TestCertificate; readonly ds: TestCertificate } {
  if (!signer) {
    const csca = makeCsca({ keyType: 'p256', name: 'CSCA test' });
    signer = { csca, ds: makeDocumentSigner(csca, { keyType: 'p256', name: 'DS test' }) };
  }
  return signer;
}

/** A card as a vendor service sends it: text fields and a few raw files (their bytes, not a valid chip). */
export const SERVICE_CARD: SimulatedCard = {
  fields: { idCode: '001089012345', oldIdCode: '013456789', personName: 'Nguyễn Văn An', dateOfBirth: '15/03/1989', gender: 'Nam', residencePlace: 'Hà Nội' },
  raw: {
    dg13: Buffer.from('6d0a300802010113033030', 'hex'),
    sod: Buffer.from('7703300100', 'hex'),
    dg2: Buffer.concat([Buffer.from('7508', 'hex'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4])]),
    image: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]),
  },
};

/** Reconnection delays short enough for a test to watch several attempts. */
export const QUICK_RECONNECT = { reconnectMinMs: 20, reconnectMaxMs: 80 } as const;

/** The next `event` the reader emits, or a rejection after `ms` (a cap so a broken build fails
 *  instead of hanging, not an assertion on the time). */
export function nextEvent<E extends keyof ChipTransportEvents>(
  reader: ChipReaderTransport,
  event: E,
  ms = 10_000,
): Promise<Parameters<ChipTransportEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    const listener = ((value: Parameters<ChipTransportEvents[E]>[0]) => {
      clearTimeout(timer);
      reader.off(event, listener);
      resolve(value);
    }) as ChipTransportEvents[E];
    reader.on(event, listener);
  });
}

/** Opens the reader and waits for its first connection. */
export async function openConnected<R extends ChipReaderTransport>(reader: R): Promise<R> {
  const up = nextEvent(reader, 'connected');
  await reader.open();
  await up;
  return reader;
}

export type ChipTransportClass = new (options: ChipTransportBaseOptions) => ChipReaderTransport;

export interface ReaderRig {
  readonly sim: SimulatedChipService;
  readonly reader: ChipReaderTransport;
  readonly cards: ChipCard[];
  readonly failures: ChipFailure[];
  readonly disconnects: TransportError[];
  connects: number;
}

/** A connected rig's first card from SERVICE_CARD, after checking the reader says it is open,
 *  connected and of its protocol. */
export async function firstCard(t: Test, protocol: ChipProtocol, Transport: ChipTransportClass): Promise<{ rig: ReaderRig; card: ChipCard }> {
  const rig = await readerRig(t, protocol, Transport);
  t.type(rig.reader, Transport);
  t.ok(rig.reader.isOpen);
  t.ok(rig.reader.connected);
  t.equal(rig.reader.protocol, protocol);
  const card = nextEvent(rig.reader, 'card');
  await rig.sim.present(SERVICE_CARD);
  return { rig, card: await card };
}

/** A simulated service of `protocol` and a `Transport` connected to it, with everything it emits
 *  collected; both are closed at the end of the test, the reader first. */
export async function readerRig(t: Test, protocol: ChipProtocol, Transport: ChipTransportClass, cardTimeoutMs = 5000): Promise<ReaderRig> {
  const sim = new SimulatedChipService({ protocol });
  const { url } = await sim.start();
  const reader = new Transport({ url, cardTimeoutMs, ...QUICK_RECONNECT });
  const rig: ReaderRig = { sim, reader, cards: [], failures: [], disconnects: [], connects: 0 };
  reader.on('card', (c) => rig.cards.push(c));
  reader.on('failure', (f) => rig.failures.push(f));
  reader.on('disconnect', (e) => rig.disconnects.push(e));
  reader.on('connected', () => rig.connects++);
  t.teardown(async () => {
    await reader.close();
    await sim.stop();
  });
  await openConnected(reader);
  return rig;
}
