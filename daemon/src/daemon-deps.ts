// What the composition root (daemon.ts) is given: configuration, the logger, storage already open,
// and the concrete parts wiring.ts chose (transports, the gateway client, simulators or not).

import type { ScannerTransport } from '../../drivers/src/transport.ts';
import type { Config, SerialScannerConfig } from './config/schema.ts';
import type { DiscoveryDeps } from './devices/discovery-loop.ts';
import type { HidLoader, SerialLister } from './devices/discovery.ts';
import type { GatewayPort } from './eligibility/eligibility-parts.ts';
import type { SimulatorControl } from './http/simulator-routes.ts';
import type { Logger } from './log.ts';
import type { Storage } from './storage/open-storage.ts';
import type { Xml0Signer } from './checkin/signer.ts';

export interface DaemonDeps {
  readonly config: Config;
  readonly log: Logger;
  /** Opened by the caller (wiring.ts: openStorage); closed by the daemon's stop(). */
  readonly storage: Storage;
  /** The gateway client itself: createCore puts the limiter, the account guard and the breaker in front. */
  readonly gateway: { readonly client: GatewayPort; readonly url: string; readonly simulated: boolean };
  readonly simulatedScanners: ReadonlyArray<{ readonly id: string; readonly desk: string; readonly transport: ScannerTransport }>;
  /** null when no simulator runs (its HTTP routes then do not exist). */
  readonly simulators: SimulatorControl | null;
  readonly serialLister: SerialLister;
  readonly hidLoader: HidLoader;
  readonly openSerial: (spec: Omit<SerialScannerConfig, 'id' | 'desk'>, identity?: Record<string, string | undefined>) => ScannerTransport;
  readonly openHid: DiscoveryDeps['openHid'];
  /** The OS discovery acts for (keyboard-mode scanners are readable on Linux only); process.platform by default. */
  readonly platform?: NodeJS.Platform;
  readonly now?: () => Date;
  /** Signs check-ins (XML0); null when check-in is off or sent unsigned. */
  readonly checkinSigner?: Xml0Signer | null;
}
