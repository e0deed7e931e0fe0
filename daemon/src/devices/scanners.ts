// The scanners feature: attaches the simulated scanners (if any), the configured serial scanners and
// what discovery finds, and closes them all at shutdown.

import type { ScannerTransport } from '../../../drivers/src/transport.ts';
import type { ChipReaderTransport } from '../../../drivers/src/chip/chip-transport.ts';
import type { SerialScannerConfig } from './devices-config.ts';
import type { DeviceManager } from './device-manager.ts';
import type { DiscoveryLoop } from './discovery-loop.ts';
import type { Feature } from '../vocabulary/feature.ts';

export interface ScannersDeps {
  readonly devices: DeviceManager;
  readonly discovery: DiscoveryLoop;
  readonly simulated: ReadonlyArray<{ readonly id: string; readonly desk: string; readonly transport: ScannerTransport }>;
  readonly configured: readonly SerialScannerConfig[];
  readonly openSerial: (spec: Omit<SerialScannerConfig, 'id' | 'desk'>) => ScannerTransport;
  /** Chip readers, real and simulated: each connects to its vendor's service by itself. */
  readonly chipReaders?: ReadonlyArray<{ readonly id: string; readonly desk: string; readonly simulated: boolean; readonly reader: ChipReaderTransport }>;
}

export class Scanners implements Feature {
  readonly name = 'scanners';

  constructor(private readonly deps: ScannersDeps) {}

  async start(): Promise<void> {
    const { devices, discovery } = this.deps;
    for (const s of this.deps.simulated) await devices.add({ id: s.id, desk: s.desk, simulated: true, transport: s.transport });
    for (const { id, desk, ...spec } of this.deps.configured) await devices.add({ id, desk, simulated: false, transport: this.deps.openSerial(spec) });
    for (const c of this.deps.chipReaders ?? []) await devices.addChipReader(c);
    await discovery.runOnce();
    discovery.start();
  }

  async stop(): Promise<void> {
    await this.deps.discovery.stop(); // a round still running could otherwise attach a device after the close
    await this.deps.devices.close();
  }
}
