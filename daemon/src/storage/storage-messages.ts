// What a technician or the hospital's IT reads about the stored data, in Vietnamese and English: the
// database and data-folder lines of the health report (/tech, /api/health) and the key-file errors that stop a start.

export interface Text {
  readonly vi: string;
  readonly en: string;
}

export const STORAGE_TEXT = {
  databaseOk: { vi: 'Cơ sở dữ liệu hoạt động bình thường.', en: 'The database is working.' },
  diskFull: {
    vi: 'Ổ đĩa đầy: không ghi được lượt quét. Giải phóng dung lượng; tiepnhan đang thử ghi lại.',
    en: 'Disk full: scans cannot be stored. Free some space; tiepnhan keeps retrying.',
  },
  databaseLocked: {
    vi: 'Cơ sở dữ liệu đang bị khóa bởi chương trình khác; tiepnhan đang thử ghi lại.',
    en: 'The database is locked by another program; tiepnhan keeps retrying.',
  },
  readsLost: (n: number) => ({
    vi: `Cơ sở dữ liệu hoạt động, nhưng ${n} lượt đọc đã không lưu được khi ổ đĩa đầy (người bệnh đã được báo quét lại). Kỹ thuật viên xem và xác nhận trên trang /tech.`,
    en: `The database is working, but ${n} read(s) could not be stored while the disk was full (the desk was told to scan again). A technician reviews and acknowledges them on /tech.`,
  }),
  writeError: { vi: 'Lỗi ghi cơ sở dữ liệu; tiepnhan đang thử ghi lại.', en: 'Database write error; tiepnhan keeps retrying.' },
  dataDirLoose: (loose: readonly string[], dataDir: string) => ({
    vi: `Thư mục dữ liệu cho phép người dùng khác đọc (${loose.join(', ')}). Chạy: chmod 700 "${dataDir}" && chmod 600 "${dataDir}"/*`,
    en: `The data folder is readable by other users (${loose.join(', ')}). Run: chmod 700 "${dataDir}" && chmod 600 "${dataDir}"/*`,
  }),
  // The key files, by what they protect (named inside the two errors below).
  idHashKey: { vi: 'mã hoá số định danh', en: 'ID hash' },
  sessionKey: { vi: 'phiên đăng nhập trang', en: 'page session' },
  keyEmpty: (what: Text, file: string) => ({
    vi: `Tệp khoá ${what.vi} (${file}) rỗng hoặc hỏng. Khôi phục tệp từ bản sao lưu; không tự tạo khoá mới vì dữ liệu đã lưu sẽ không còn khớp.`,
    en: `The ${what.en} key file ${file} is empty or damaged. Restore it from a backup; a new key is not made because stored data would no longer match.`,
  }),
  keyMissing: (what: Text, file: string) => ({
    vi: `Thiếu tệp khoá ${what.vi} (${file}) bên cạnh cơ sở dữ liệu đã có. Khôi phục tệp từ bản sao lưu; không tự tạo khoá mới vì dữ liệu đã lưu sẽ không còn khớp.`,
    en: `The ${what.en} key file ${file} is missing next to an existing database. Restore it from a backup; a new key is not made because stored data would no longer match.`,
  }),
} as const;
