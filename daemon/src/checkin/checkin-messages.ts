// What the check-in capability says to people, in Vietnamese and English (health's warning).

export const CHECKIN_TEXT = {
  certificateExpiry: (daysLeft: number, validTo: string) => ({
    vi: `Chứng thư số ký check-in ${daysLeft < 0 ? 'đã hết hạn' : `hết hạn sau ${daysLeft} ngày`} (${validTo}): gia hạn và đăng ký lại trên Cổng BHXH`,
    en: `The check-in signing certificate ${daysLeft < 0 ? 'has expired' : `expires in ${daysLeft} days`} (${validTo}): renew it and register it on the BHXH portal`,
  }),
} as const;
