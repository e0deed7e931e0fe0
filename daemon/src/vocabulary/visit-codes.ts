// The codes a visit is known by at BHXH, shared by registration (which stores MA_LK with the visit)
// and the XML0 check-in (which sends them).

/** MA_CSKCB: `checkin.facilityCode`, else the facility's own id. */
export function facilityCodeOf(config: { readonly checkin: { readonly facilityCode: string | null }; readonly facility: { readonly id: string } }): string {
  return config.checkin.facilityCode ?? config.facility.id;
}

/** MA_LK: unique and stable per visit (facility code, day, registration), reused by XML1–15. */
export function maLkOf(facilityCode: string, reg: { readonly id: number; readonly day: string }): string {
  return `${facilityCode}.${reg.day.replaceAll('-', '')}.${reg.id}`;
}
