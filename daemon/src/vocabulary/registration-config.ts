// The registration desk's configuration slice: the departments a ticket is for (and their check-in
// service codes) and the kiosk.

import type { ConfigOf } from './config-slice.ts';

export const REGISTRATION_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    departments: {
      type: 'array',
      minItems: 1,
      default: [
        { id: 'kham-noi', name: 'Khám Nội', prefix: 'A' },
        { id: 'kham-ngoai', name: 'Khám Ngoại', prefix: 'B' },
        { id: 'san-nhi', name: 'Sản - Nhi', prefix: 'C' },
      ],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9-]{1,40}$' },
          name: { type: 'string', minLength: 1, maxLength: 100 },
          prefix: { type: 'string', maxLength: 4, default: '' },
          // The department's examination service for the XML0 check-in (MA_DICH_VU / TEN_DICH_VU,
          // from the facility's own service catalogue); MA_DOITUONG_KCB (2 = emergency: never
          // checked in) and MA_LOAI_KCB (01 = outpatient examination).
          serviceCode: { type: 'string', maxLength: 50, default: '' },
          serviceName: { type: 'string', maxLength: 1024, default: '' },
          visitCategory: { type: 'string', maxLength: 4, default: '1' },
          careType: { type: 'string', maxLength: 2, default: '01' },
        },
      },
    },
    // The self-service kiosk clears itself after this long without a touch.
    kioskIdleMs: { type: 'integer', minimum: 1000, default: 30000 },
    // Print the ticket as soon as it shows (a self-service kiosk run with --kiosk --kiosk-printing).
    kioskAutoPrint: { type: 'boolean', default: false },
  },
} as const;

export type RegistrationConfig = ConfigOf<typeof REGISTRATION_SCHEMA>;
