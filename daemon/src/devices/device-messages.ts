// What a technician reads about a scanner and about finding scanners, in Vietnamese and English: one
// catalogue for the devices capability (the device list on /tech and /api/devices, and health).

import { KEYBOARD_MODE_WARNING } from '../../../drivers/src/hid-keyboard/keyboard-transport.ts';

export interface Text {
  readonly vi: string;
  readonly en: string;
}

export const DEVICE_TEXT = {
  keyboardMode: KEYBOARD_MODE_WARNING,
  offline: { vi: 'Mất kết nối máy quét, đang thử kết nối lại.', en: 'Scanner disconnected; reconnecting.' },
  flood: {
    vi: 'Máy quét gửi quá nhiều lượt đọc liên tục (kẹt nút quét hoặc lỗi cáp); các lượt vượt giới hạn bị bỏ qua. Kiểm tra máy quét.',
    en: 'The scanner sends far too many reads (a stuck trigger or a faulty cable); reads over the limit are dropped. Check the scanner.',
  },
  notOpen: { vi: 'Máy quét chưa mở.', en: 'Scanner not open.' },
  // A chip reader is reached through its vendor's service (the HN212's desktop software).
  chipServiceDown: {
    vi: 'Không kết nối được phần mềm của đầu đọc chip; đang thử lại. Kiểm tra phần mềm đầu đọc đã chạy và địa chỉ trong cấu hình.',
    en: 'The chip reader’s service cannot be reached; retrying. Check that the reader’s software runs and its address in the configuration.',
  },
  chipNotConnected: { vi: 'Đang chờ phần mềm của đầu đọc chip.', en: 'Waiting for the chip reader’s service.' },
  working: { vi: 'Hoạt động bình thường.', en: 'Working.' },
  readsNotStored: (why: Text) => ({
    vi: `Máy quét đọc được thẻ nhưng lượt đọc chưa lưu được: ${why.vi} Không cần quét lại.`,
    en: `The scanner reads cards but its reads are not stored yet: ${why.en} No need to scan again.`,
  }),
  // Discovery: whether the machine's serial ports and HID devices can be listed (health, /tech).
  serialNotProbed: { vi: 'Chưa dò cổng COM.', en: 'Serial ports not probed yet.' },
  serialWorks: { vi: 'Dò cổng COM hoạt động.', en: 'Serial discovery works.' },
  serialListFailedLinux: {
    vi: 'Không dò được cổng COM (thiếu udevadm?). Khai báo máy quét bằng đường dẫn (--serial).',
    en: 'Serial discovery failed (udevadm missing?). Attach scanners by path (--serial).',
  },
  serialListFailedWindows: {
    vi: 'Không dò được cổng COM của Windows. Khai báo máy quét bằng tên cổng (--serial COM3@115200; xem Device Manager → Ports).',
    en: 'Listing Windows COM ports failed. Attach scanners by port name (--serial COM3@115200; see Device Manager → Ports).',
  },
  hidNotProbed: { vi: 'Chưa dò HID.', en: 'HID not probed yet.' },
  hidWorks: { vi: 'Đọc HID hoạt động.', en: 'HID access works.' },
  hidUnavailable: {
    vi: 'Đã tắt đọc máy quét HID: không tải được node-hid (thiếu libusb-1.0?). Máy quét cổng COM vẫn dùng được.',
    en: 'HID scanners disabled: node-hid failed to load (libusb-1.0 missing?). Serial scanners still work.',
  },
  hidListFailed: { vi: 'Không liệt kê được thiết bị HID.', en: 'Listing HID devices failed.' },
} as const satisfies Record<string, Text | ((why: Text) => Text)>;
