// Parse throughput on one core, and the time per payload at p50/p99, for each payload kind.
import { parsePayload } from '../daemon/src/parse/index.ts';
import { printTable } from './table.ts';

const CASES: Array<[string, string]> = [
  ['cccd2021 (valid)', '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021\r'],
  ['cccd2024 (valid)', '038196007654|173456789|Lê Thị Hường|30041996|Nữ|Thôn Đông Hải, Xã Quảng Hải, Huyện Quảng Xương, Thanh Hóa|12092024||||\r'],
  ['idMismatch (rejected)', '001189012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Hà Nội|20042021'],
  ['mojibake (repaired)', Buffer.from('001089012345|013456789|Nguyễn Văn An|15031989|Nam|Hà Nội|20042021', 'utf8').toString('latin1')],
];

export function benchParse(): void {
  const rows: string[][] = [];
  for (const [name, text] of CASES) {
    const bytes = Buffer.from(text, 'utf8');
    for (let i = 0; i < 20_000; i++) parsePayload(bytes); // warm-up (JIT)
    const n = 300_000;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) parsePayload(bytes);
    const total = Number(process.hrtime.bigint() - t0) / 1e9;
    // Per-payload latency, sampled in batches of 10 to stay above the timer's resolution.
    const samples: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const s = process.hrtime.bigint();
      for (let k = 0; k < 10; k++) parsePayload(bytes);
      samples.push(Number(process.hrtime.bigint() - s) / 10);
    }
    samples.sort((a, b) => a - b);
    const pct = (p: number): string => (samples[Math.floor(p * (samples.length - 1))]! / 1000).toFixed(2);
    rows.push([name, String(bytes.length), Math.round(n / total).toLocaleString('en-US'), pct(0.5), pct(0.99)]);
  }
  printTable('Parse throughput, one core (target: ≥ 500,000 payloads/s for valid 2021 payloads)', ['payload', 'bytes', 'payloads/s', 'p50 µs', 'p99 µs'], rows);
}
