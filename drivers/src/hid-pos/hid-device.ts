// The subset of node-hid's HIDAsync that the HID drivers use. node-hid has no mock, so this seam is
// what simulators implement; the real adapter is openNodeHid() below.
//
// node-hid facts (docs/research/scanner-protocols.md §4): attach `data` at once (there is no
// buffer before a listener); on removal HIDAsync emits `error` with the *string*
// "could not read from HID device"; there is no reconnect — close and re-open by a fresh enumeration.

export interface HidDevice {
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (err: unknown) => void): unknown;
  removeAllListeners(event?: string): unknown;
  close(): Promise<void> | void;
}

export type HidOpener = (path: string) => Promise<HidDevice>;

interface NodeHidModule {
  HIDAsync: { open(path: string): Promise<HidDevice> };
}

/** Opens a device with node-hid (loaded lazily: it needs libusb on Linux and may be missing). */
export async function openNodeHid(path: string): Promise<HidDevice> {
  const hid = (await import('node-hid')) as unknown as NodeHidModule;
  return hid.HIDAsync.open(path);
}
