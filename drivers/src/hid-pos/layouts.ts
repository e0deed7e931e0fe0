// HID-POS (usage page 0x8C) input-report layouts, chosen by USB vendor id — never by sniffing for
// `]`, since a Newland unit with an AIM prefix also starts its data with `]`.
// Source: docs/research/scanner-protocols.md §1.2–1.4. Zebra/Datalogic layouts are unconfirmed:
// those vendors get no layout and the driver refuses them loudly instead of guessing.

export type HidPosFamily = 'honeywell' | 'newland';

export interface HidPosLayout {
  readonly family: HidPosFamily;
  /** Report id of input reports (byte 0). */
  readonly reportId: number;
  /** Byte 1 holds the number of data bytes in this report. */
  readonly lengthByte: number;
  readonly dataOffset: number;
  readonly maxData: number;
  /** Byte whose bit 0 says "more reports follow". */
  readonly moreByte: number;
  readonly reportSize: number;
}

export const LAYOUTS: Readonly<Record<HidPosFamily, HidPosLayout>> = {
  // [0]=0x02 [1]=len [2..4]=AIM "]cm" [5..60]=data [61]=Honeywell code id [62]=0 [63]=more
  honeywell: { family: 'honeywell', reportId: 0x02, lengthByte: 1, dataOffset: 5, maxData: 56, moreByte: 63, reportSize: 64 },
  // [0]=0x02 [1]=len [2..57]=data [58..61]=reserved [62]=symbology id [63]=more
  newland: { family: 'newland', reportId: 0x02, lengthByte: 1, dataOffset: 2, maxData: 56, moreByte: 63, reportSize: 64 },
};

const FAMILY_BY_VENDOR: ReadonlyMap<number, HidPosFamily> = new Map([
  [0x0c2e, 'honeywell'], // Metrologic / Honeywell
  [0x0536, 'honeywell'], // Hand Held Products
  [0x23d0, 'honeywell'], // Youjie (Honeywell brand)
  [0x1eab, 'newland'], // Newland and its OEMs
]);

export function layoutForVendor(vendorId: number): HidPosLayout | null {
  const family = FAMILY_BY_VENDOR.get(vendorId);
  return family ? LAYOUTS[family] : null;
}
