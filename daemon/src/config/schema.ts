// The one configuration schema, assembled from the slices each part declares beside its code (their
// JSON Schema and, read off it, their type: vocabulary/config-slice.ts). ajv validates a file against
// it and fills every default, so `tiepnhan start` with no file at all runs on embedded defaults.
// Units are in the property names (…Ms, …Bytes). Nothing below the composition root imports this
// file: each part takes its own slice.

import { CHECKIN_SCHEMA } from '../checkin/checkin-config.ts';
import { CHIP_READERS_SCHEMA, CHIP_SCHEMA, type ChipReaderConfig } from '../chip/chip-config.ts';
import { DISCOVERY_SCHEMA, REPEATS_SCHEMA, SCANNERS_SCHEMA, type SerialScannerConfig } from '../devices/devices-config.ts';
import { ELIGIBILITY_SCHEMA, GATEWAY_SCHEMA } from '../eligibility/eligibility-config.ts';
import { FHIR_SCHEMA } from '../fhir/fhir-systems.ts';
import { AUTH_SCHEMA, HTTP_SCHEMA, LIMITS_SCHEMA } from '../http/http-config.ts';
import { HUB_CLIENT_SCHEMA } from '../hub-push/hub-client-config.ts';
import { TLS_SCHEMA } from '../http/tls.ts';
import { LOG_SCHEMA } from '../log.ts';
import { REGISTRATION_SCHEMA } from '../vocabulary/registration-config.ts';
import { HIS_SCHEMA } from '../webhook/webhook-config.ts';
import { INVENTORY_RULES_SCHEMA, REPORTS_SCHEMA } from '../reports/report-config.ts';
import { PRIVACY_SCHEMA, STORAGE_SCHEMA } from '../storage/storage-config.ts';
import { QUEUE_SCHEMA } from '../queue/queue-config.ts';
import type { ConfigOf } from '../vocabulary/config-slice.ts';
import { FACILITY_SCHEMA } from '../vocabulary/facility.ts';
import { SIMULATORS_SCHEMA, type SimulatorsConfig } from './simulators-config.ts';

export const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'integer', minimum: 0, maximum: 65535, default: 7300 },
    http: HTTP_SCHEMA,
    tls: TLS_SCHEMA,
    dataDir: { type: 'string', default: './data' },
    facility: FACILITY_SCHEMA,
    inventory: INVENTORY_RULES_SCHEMA,
    reports: REPORTS_SCHEMA,
    auth: AUTH_SCHEMA,
    limits: LIMITS_SCHEMA,
    privacy: PRIVACY_SCHEMA,
    storage: STORAGE_SCHEMA,
    registration: REGISTRATION_SCHEMA,
    queue: QUEUE_SCHEMA,
    checkin: CHECKIN_SCHEMA,
    fhir: FHIR_SCHEMA,
    his: HIS_SCHEMA,
    hub: HUB_CLIENT_SCHEMA,
    scanners: SCANNERS_SCHEMA,
    chipReaders: CHIP_READERS_SCHEMA,
    chip: CHIP_SCHEMA,
    simulators: SIMULATORS_SCHEMA,
    discovery: DISCOVERY_SCHEMA,
    repeats: REPEATS_SCHEMA,
    gateway: GATEWAY_SCHEMA,
    eligibility: ELIGIBILITY_SCHEMA,
    log: LOG_SCHEMA,
  },
} as const;

/** The file as validated, defaults filled in. */
export type ConfigFile = ConfigOf<typeof configSchema>;

/** The configuration as the daemon uses it: every scanner has an id and the simulators are on or off. */
export type Config = Omit<ConfigFile, 'scanners' | 'chipReaders' | 'simulators'> & {
  readonly scanners: readonly SerialScannerConfig[];
  readonly chipReaders: readonly ChipReaderConfig[];
  readonly simulators: SimulatorsConfig;
};

export type { CheckinConfig, SigningConfig } from '../checkin/checkin-config.ts';
export type { ChipConfig, ChipReaderConfig } from '../chip/chip-config.ts';
export type { DeskRule, SerialScannerConfig } from '../devices/devices-config.ts';
export type { GatewayConfig } from '../eligibility/eligibility-config.ts';
export type { HubClientConfig } from '../hub-push/hub-client-config.ts';
export type { RegistrationConfig } from '../vocabulary/registration-config.ts';
export type { HisConfig } from '../webhook/webhook-config.ts';
export type { FacilityConfig, StationConfig } from '../vocabulary/facility.ts';
export type { SimulatedHidScannerConfig, SimulatedScannerConfig, SimulatorsConfig } from './simulators-config.ts';
