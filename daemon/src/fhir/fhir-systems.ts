// The identifier systems (and the extension base) of the FHIR resources the daemon serves. The
// defaults are the project's own URNs; a facility told by its Sở Y tế or HIS vendor to use national
// OIDs (`urn:oid:…`) or other URIs sets them in `fhir.systems`, and every resource follows.

import type { ConfigOf } from '../vocabulary/config-slice.ts';

export interface FhirSystems {
  /** 12-digit personal ID number (CCCD / thẻ căn cước). */
  readonly cccd: string;
  /** 9-digit old identity card number (CMND). */
  readonly cmnd: string;
  /** 10-digit social insurance number (mã số BHXH). */
  readonly bhxh: string;
  /** 15-character BHYT card code. */
  readonly bhyt: string;
  /** Registered first-contact facility code (mã KCB ban đầu). */
  readonly cskcb: string;
  /** The BHXH gateway's result code (maKetQua). */
  readonly resultCode: string;
  /** This daemon's event (read) number. */
  readonly event: string;
  /** This daemon's registration number. */
  readonly registration: string;
  /** The visit's MA_LK in the check-in (XML0). */
  readonly maLk: string;
  /** The BHXH gateway's check-in transaction id. */
  readonly maGiaoDich: string;
  /** Base of the extension URLs for gateway fields FHIR has no element for. */
  readonly extension: string;
}

export const DEFAULT_FHIR_SYSTEMS: FhirSystems = {
  cccd: 'urn:vn:cccd',
  cmnd: 'urn:vn:cmnd',
  bhxh: 'urn:vn:bhxh:maso',
  bhyt: 'urn:vn:bhyt:the',
  cskcb: 'urn:vn:bhyt:cskcb',
  resultCode: 'urn:vn:bhxh:maKetQua',
  event: 'urn:tiepnhan:event',
  registration: 'urn:tiepnhan:registration',
  maLk: 'urn:vn:bhyt:ma_lk',
  maGiaoDich: 'urn:tiepnhan:bhxh:maGiaoDich',
  extension: 'urn:tiepnhan:fhir:bhyt',
};

const URI = { type: 'string', minLength: 1, maxLength: 200, pattern: '^[a-zA-Z][a-zA-Z0-9+.-]*:\\S+$' } as const;

/** The config schema of `fhir`: each system a URI, defaulting to the value above. */
export const FHIR_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    systems: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        cccd: { ...URI, default: DEFAULT_FHIR_SYSTEMS.cccd },
        cmnd: { ...URI, default: DEFAULT_FHIR_SYSTEMS.cmnd },
        bhxh: { ...URI, default: DEFAULT_FHIR_SYSTEMS.bhxh },
        bhyt: { ...URI, default: DEFAULT_FHIR_SYSTEMS.bhyt },
        cskcb: { ...URI, default: DEFAULT_FHIR_SYSTEMS.cskcb },
        resultCode: { ...URI, default: DEFAULT_FHIR_SYSTEMS.resultCode },
        event: { ...URI, default: DEFAULT_FHIR_SYSTEMS.event },
        registration: { ...URI, default: DEFAULT_FHIR_SYSTEMS.registration },
        maLk: { ...URI, default: DEFAULT_FHIR_SYSTEMS.maLk },
        maGiaoDich: { ...URI, default: DEFAULT_FHIR_SYSTEMS.maGiaoDich },
        extension: { ...URI, default: DEFAULT_FHIR_SYSTEMS.extension },
      },
    },
  },
} as const;

// The interface above documents each system; the schema below it must list exactly its keys.
type FromFile = ConfigOf<typeof FHIR_SCHEMA>['systems'];
({}) as FromFile satisfies FhirSystems;
({}) as FhirSystems satisfies FromFile;
