// The scanners feature: attaches the simulated scanners (if any), the configured serial scanners and
// what discovery finds, and closes them all at shutdown.

import type { ScannerTransport } from '../../../drivers/src/transport.ts';
import type { SerialScannerConfig } from '../devices/devices-config.ts';
import type { DeviceManager } from '../devices/device-manager.ts';
import type { DiscoveryLoop } from '../devices/discovery-loop.ts';
import type { Feature } from '../vocabulary/feature.ts';

export function scannersFeature(deps: {
  readonly devices: DeviceManager;
  readonly discovery: DiscoveryLoop;
  readonly simulated: ReadonlyArray<{ readonly id: string; readonly desk: string; readonly transport: ScannerTransport }>;
  readonly configured: readonly SerialScannerConfig[];
  readonly openSerial: (spec: Omit<SerialScannerConfig, 'id' | 'desk'>) => ScannerTransport;
}): Feature {
  return {
    name: 'scanners',
    async start() {
      for (const s of deps.simulated) await deps.devices.add({ id: s.id, desk: s.desk, simulated: true, transport: s.transport });
      for (const { id, desk, ...spec } of deps.configured) await deps.devices.add({ id, desk, simulated: false, transport: deps.openSerial(spec) });
      await deps.discovery.runOnce();
      deps.discovery.start();
    },
    async stop() {
      await deps.discovery.stop(); // a round still running could otherwise attach a device after the close
      await deps.devices.close();
    },
  };
}
