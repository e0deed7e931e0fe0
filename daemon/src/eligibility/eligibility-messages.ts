// What the technician reads about the BHXH lookup account, in Vietnamese and English: the eligibility
// line of the health report (/tech, /api/health) and the answer to "resume lookups" on /tech (the gateway's own codes: result-codes.ts).

export const ELIGIBILITY_TEXT = {
  accountOk: { vi: 'Tài khoản tra cứu BHXH hoạt động bình thường', en: 'The BHXH lookup account works normally' },
  resumed: (queued: number) => ({
    vi: `Đã tiếp tục tra cứu; ${queued} lượt đang chờ sẽ được gửi lần lượt.`,
    en: `Lookups resumed; ${queued} queued lookups will be sent in order.`,
  }),
  notHeld: { vi: 'Tài khoản tra cứu không bị tạm ngừng.', en: 'The lookup account was not on hold.' },
} as const;
