// Numbers as the report prints them (12.345 in Vietnamese, 12,345 in English). The formatters are
// made on first use: building one touches ICU's locale data, megabytes of resident memory that an
// idle desk, which renders no report, has no use for.

let vi: Intl.NumberFormat | null = null;
let en: Intl.NumberFormat | null = null;

export const formatVi = (n: number): string => (vi ??= new Intl.NumberFormat('vi-VN')).format(n);
export const formatEn = (n: number): string => (en ??= new Intl.NumberFormat('en-GB')).format(n);
