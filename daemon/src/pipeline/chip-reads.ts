// A chip reader's card -> one read of the pipeline, like a scan: the identity (the chip's signed
// DG13 when it came), its verification, the portrait kept for the visit in memory, and the lookup
// held until the patient's consent where chip.requireConsent is set. A card that failed or never
// finished is one error read of its device. Nothing of a chip's data is logged here.

import type { ChipFailureKind } from '../../../drivers/src/chip/chip-transport.ts';
import type { ChipReadView, ScanMessage } from '../api/contract.ts';
import type * as ChipIdentity from '../chip/chip-identity.ts';
import { CHIP_LEVEL_TEXT, chipFailedText } from '../chip/chip-messages.ts';
import type { ChipVisits } from '../chip/chip-visits.ts';
import type { CscaStore } from '../chip/csca-store.ts';
import type { ChipVerification } from '../chip/passive-auth.ts';
import type { ChipRead, DeviceManager } from '../devices/device-manager.ts';
import { errorOf, type ParseErrorCode } from '../parse/messages.ts';
import { maskId } from '../parse/mask.ts';
import type { Feature } from '../vocabulary/feature.ts';
import type { ScanPipeline } from './scan-pipeline.ts';

/** The chip's parsers and verifier (pkijs, asn1js: several MB resident) load with the first card, so a
 *  site without a chip reader never loads them (npm run bench -- footprint). */
let identityModule: Promise<typeof ChipIdentity> | null = null;
const chipIdentity = (): Promise<typeof ChipIdentity> => (identityModule ??= import('../chip/chip-identity.ts'));

const FAILURE_CODE: Readonly<Record<ChipFailureKind, ParseErrorCode>> = {
  cardFailed: 'chipFailed',
  incomplete: 'chipIncomplete',
  malformed: 'chipMalformed',
};

export interface ChipReadsDeps {
  readonly devices: Pick<DeviceManager, 'onChip' | 'isTestMode'>;
  readonly pipeline: Pick<ScanPipeline, 'accept' | 'chipTestRead'>;
  readonly visits: Pick<ChipVisits, 'keep'>;
  /** The facility's CSCA bundle (chip.cscaFile), loaded at start; null when none is installed. */
  readonly cscas: () => CscaStore | null;
  readonly requireConsent: boolean;
}

export function chipView(
  v: ChipVerification,
  portrait: { shown: boolean; signed: boolean },
  consent: ChipReadView['consent'],
  differs: readonly string[],
  expiryDate: string | null,
): ChipReadView {
  const failed = v.level === 'failed';
  return {
    verification: v.level,
    failedCheck: failed ? v.check : null,
    text: failed ? chipFailedText(v.check) : CHIP_LEVEL_TEXT[v.level],
    portrait: portrait.shown,
    portraitSigned: portrait.signed,
    consent,
    differs: [...differs],
    expiryDate,
  };
}

export class ChipReads implements Feature {
  readonly name = 'chip-reads';
  #off: (() => void) | null = null;

  constructor(private readonly deps: ChipReadsDeps) {}

  start(): void {
    this.#off = this.deps.devices.onChip((device, read) => this.onChip(device, read));
  }

  stop(): void {
    this.#off?.();
  }

  async onChip(device: { id: string; desk: string; simulated: boolean }, read: ChipRead): Promise<void> {
    const { pipeline } = this.deps;
    const test = this.deps.devices.isTestMode(device.id);
    const chip = read.type === 'card' ? (await chipIdentity()).readChipCard(read.card, this.deps.cscas()) : null;
    const code = read.type === 'failure' ? FAILURE_CODE[read.failure.kind] : chip && !chip.ok ? chip.code : null;
    if (test) {
      // A technician trying the reader: shown on /tech (masked ID, verification), never a patient access.
      const text = chip?.ok ? `chip ${maskId(chip.identity.id ?? '')} · ${chip.verification.level}` : (code ?? '');
      return pipeline.chipTestRead(device.id, { ok: code === null, code, text });
    }
    if (code !== null || !chip?.ok) {
      await pipeline.accept(device, 'chip', { ok: false, error: errorOf(code ?? 'chipNoIdentity'), rawHex: null });
      return;
    }
    const consent = this.deps.requireConsent ? 'needed' : 'notRequired';
    const view = chipView(chip.verification, { shown: chip.portrait !== null, signed: chip.portraitSigned }, consent, chip.differs, chip.expiryDate);
    const keep = (message: ScanMessage): void =>
      this.deps.visits.keep(message.eventId, { desk: device.desk, deviceId: device.id, identity: chip.identity, portrait: chip.portrait, consent, message });
    await pipeline.accept(device, 'chip', { ok: true, kind: 'chip', identity: chip.identity, warnings: [] }, undefined, {
      chip: view,
      holdLookup: consent === 'needed',
      beforeAnnounce: keep,
    });
  }
}
