// The configuration's TypeScript shape; `schema.ts` holds the JSON Schema that validates it and
// fills its defaults. Keep the two in step: a property added here needs its schema entry there.

import type { Terminator } from '../../../drivers/src/serial/frame-splitter.ts';
import type { OutcomeRules } from '../counting/access-outcome.ts';
import type { ReportPeriodConfig } from '../reports/period-config.ts';
import type { CheckinConfig, SigningConfig } from '../checkin/checkin-config.ts';
import type { FhirSystems } from '../eligibility/fhir-systems.ts';
import type { DeskRule } from '../devices/scanner-identity.ts';
import type { LogConfig } from '../log.ts';

export type { CheckinConfig, SigningConfig };

export interface SerialScannerConfig {
  readonly id: string;
  readonly path: string;
  readonly baudRate: number;
  readonly terminator: Terminator;
  readonly idleMs: number;
  readonly maxBytes: number;
  readonly desk: string;
}

export interface SimulatedScannerConfig {
  readonly id: string;
  readonly baudRate: number;
  readonly terminator: Exclude<Terminator, 'any'>;
  readonly chunkBytes: number;
  readonly desk: string;
}

export interface SimulatedHidScannerConfig {
  readonly id: string;
  /** honeywell / newland: HID-POS report layouts; keyboard: a wedge scanner. */
  readonly family: 'honeywell' | 'newland' | 'keyboard';
  readonly desk: string;
}

export interface GatewayConfig {
  /** Base URL of the BHXH gateway; null starts the bundled simulator on loopback. */
  readonly url: string | null;
  readonly username: string;
  readonly password: string;
  readonly passwordCase: 'upper' | 'lower';
  readonly officerName: string;
  readonly officerId: string;
  readonly timeoutMs: number;
  /** Ask the visit history (Lskcb2025) after an eligible answer. */
  readonly history: boolean;
  /** Its resource path (research note checkin-xml0.md §5). */
  readonly historyResource: string;
}

export interface StationConfig {
  readonly id: string;
  readonly name: string;
  /** facility: the facility's own building; commune: a commune station (Trạm Y tế, PKĐK, bệnh xá). */
  readonly kind: 'facility' | 'commune';
  readonly desks: readonly string[];
  /** Overrides the computed need (desks without a working scanner), with the reason for the report. */
  readonly needOverride: { readonly count: number; readonly reason: string } | null;
}

export interface FacilityConfig {
  readonly id: string;
  readonly name: string;
  readonly province: string;
  /** A: public (công lập), B: private (ngoài công lập). */
  readonly sector: 'public' | 'private';
  /** I: province hospitals (tuyến tỉnh); II: district health centres with their communes (tuyến huyện - xã). */
  readonly tier: 'province' | 'district';
  /** Row order within its tier in the report. */
  readonly order: number;
  readonly stations: readonly StationConfig[];
}

export interface HubClientConfig {
  /** Base URL of the district hub; null: this site pushes nothing. */
  readonly url: string | null;
  readonly siteId: string;
  readonly token: string;
  readonly intervalMs: number;
}

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly http: {
    readonly allowedHosts: readonly string[];
    readonly allowedOrigins: readonly string[];
    readonly requestTimeoutMs: number;
    readonly connectionTimeoutMs: number;
    readonly maxConnections: number;
  };
  readonly dataDir: string;
  readonly facility: FacilityConfig;
  readonly inventory: {
    readonly offlineDays: number;
    readonly errorRateThreshold: number;
    readonly errorRateMinReads: number;
    readonly errorRateDays: number;
  };
  readonly reports: ReportPeriodConfig & { readonly cumulativeSince: string; readonly outcomes: OutcomeRules };
  readonly hub: HubClientConfig;
  /** API tokens; none: loopback only, every caller is the local admin. */
  readonly auth: {
    readonly tokens: ReadonlyArray<{
      readonly id: string;
      readonly token: string;
      readonly role: 'reception' | 'technician' | 'admin';
      readonly desk: string | null;
    }>;
    readonly sessionHours: number;
  };
  readonly limits: { readonly searchesPerMinute: number; readonly cameraPerMinute: number; readonly readsPerSecondPerDevice: number };
  /** Personal details (names, addresses, raw bytes) older than this are erased; counters stay. */
  readonly privacy: { readonly retentionDays: number };
  readonly storage: {
    readonly busyTimeoutMs: number;
    readonly retryForMs: number;
    readonly synchronous: 'FULL' | 'NORMAL';
    readonly driver: 'auto' | 'sqlite3' | 'node:sqlite';
  };
  readonly registration: RegistrationConfig;
  readonly checkin: CheckinConfig;
  readonly fhir: { readonly systems: FhirSystems };
  readonly his: HisConfig;
  readonly scanners: readonly SerialScannerConfig[];
  readonly simulators: {
    /** Resolved at load: an unset value becomes false when a real gateway or scanner is configured. */
    readonly enabled: boolean;
    /** false: simulated serial scanners run in-process (no socat). */
    readonly pty: boolean;
    readonly scanners: readonly SimulatedScannerConfig[];
    readonly hidScanners: readonly SimulatedHidScannerConfig[];
    readonly gateway: { readonly seed: number; readonly latencyMs: number; readonly populationSize: number };
  };
  readonly discovery: {
    readonly serial: boolean;
    readonly hid: boolean;
    readonly intervalMs: number;
    readonly deskRules: readonly DeskRule[];
    readonly defaultDesk: string;
  };
  readonly gateway: GatewayConfig;
  readonly eligibility: {
    readonly retryBaseMs: number;
    readonly retryMaxMs: number;
    readonly pollMs: number;
    readonly breakerThreshold: number;
    readonly breakerCooldownMs: number;
    /** Re-lookup of the same card, name and date of birth within this window: answered from the cache (0: off). */
    readonly cacheWindowMs: number;
    /** A lookup the gateway has not answered after this long is marked unanswered. */
    readonly giveUpAfterMs: number;
    /** Gateway calls out at once, and started per rolling minute (card checks and histories together). */
    readonly maxConcurrent: number;
    readonly perMinute: number;
    /** A new token is taken this long before the current one expires. */
    readonly tokenLeadMs: number;
  };
  readonly log: LogConfig;
}

export interface RegistrationConfig {
  readonly departments: ReadonlyArray<{
    readonly id: string;
    readonly name: string;
    readonly prefix: string;
    readonly serviceCode: string;
    readonly serviceName: string;
    readonly visitCategory: string;
    readonly careType: string;
  }>;
  /** The self-service kiosk clears itself after this long without a touch. */
  readonly kioskIdleMs: number;
  readonly kioskAutoPrint: boolean;
}

export interface HisConfig {
  /** The HIS endpoint that receives each registration; null: no webhook. */
  readonly webhookUrl: string | null;
  /** HMAC-SHA256 key for the X-Tiepnhan-Signature header. */
  readonly secret: string;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly pollMs: number;
}
