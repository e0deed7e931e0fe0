// A simulated chip reader as the daemon's embedded defaults and `tiepnhan simulate chip-reader` run
// it: the vendor service (chip-reader-service.ts) and a test issuer (a test CSCA and its Document
// Signer, made at start in memory), presenting signed cards and the faults a desk meets: a failure, a
// card that never finishes, a dropped connection, an altered data group, a signer of another CSCA.

import type { ChipProtocol } from '../../../drivers/src/chip/chip-transport.ts';
import { makeChipCard, type ChipIdentity } from './chip-card.ts';
import { CHIP_SIM_FAULTS, SimulatedChipService, type ChipSimFault } from './chip-reader-service.ts';
import { makeCsca, makeDocumentSigner, makeSelfSigned, type TestCertificate } from './test-pki.ts';

/** Faults of the service (how the events arrive) and of the card (what it holds). */
export type ChipCardSimFault = ChipSimFault | 'alteredDg13' | 'rewrittenHashes' | 'otherCsca' | 'selfSigned';
export const CHIP_CARD_SIM_FAULTS: readonly ChipCardSimFault[] = [...CHIP_SIM_FAULTS, 'alteredDg13', 'rewrittenHashes', 'otherCsca', 'selfSigned'];

/** The README's example person (the QR example in the quick start), as a chip holds her… his data. */
export const DEMO_CHIP_PERSON: ChipIdentity = {
  id: '001089012345',
  oldId: '013456789',
  name: 'Nguyễn Văn An',
  dob: '1989-03-15',
  sex: 'Nam',
  residence: 'Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội',
  origin: 'Hà Nội',
  issueDate: '2021-04-20',
  expiryDate: '2029-03-15',
};

export class SimulatedChipReader {
  readonly service: SimulatedChipService;
  readonly csca: TestCertificate;
  readonly signer: TestCertificate;
  #forgers: { other: TestCertificate; self: TestCertificate } | null = null;

  constructor(options: { protocol?: ChipProtocol; port?: number } = {}) {
    this.service = new SimulatedChipService({ protocol: options.protocol ?? 'hn212-socketio', port: options.port ?? 0 });
    // brainpoolP384r1, the curve Vietnamese Document Signers are reported to use (docs/research/chip-readers.md §3).
    this.csca = makeCsca({ keyType: 'brainpoolP384r1', name: 'SIMULATED CSCA (tiepnhan test issuer)' });
    this.signer = makeDocumentSigner(this.csca, { keyType: 'brainpoolP384r1', name: 'SIMULATED Document Signer' });
  }

  async start(): Promise<string> {
    return (await this.service.start()).url;
  }

  stop(): Promise<void> {
    return this.service.stop();
  }

  /** Presents a card of `person` (the demo person by default) to every connected reader. */
  async present(fault?: ChipCardSimFault, person: ChipIdentity = DEMO_CHIP_PERSON): Promise<void> {
    const serviceFault = (CHIP_SIM_FAULTS as readonly string[]).includes(fault ?? '') ? (fault as ChipSimFault) : undefined;
    const card = makeChipCard(person, this.#signerFor(fault), {
      ...(fault === 'alteredDg13' || fault === 'rewrittenHashes' ? { fault } : {}),
    });
    await this.service.present(card, serviceFault ? { fault: serviceFault } : {});
  }

  #signerFor(fault: ChipCardSimFault | undefined): TestCertificate {
    if (fault !== 'otherCsca' && fault !== 'selfSigned') return this.signer;
    this.#forgers ??= {
      other: makeDocumentSigner(makeCsca({ keyType: 'p256', name: 'ANOTHER CSCA (not installed)' }), { keyType: 'p256', name: 'Signer of another CSCA' }),
      self: makeSelfSigned({ keyType: 'p256', name: 'Self-made signer' }),
    };
    return fault === 'otherCsca' ? this.#forgers.other : this.#forgers.self;
  }
}
