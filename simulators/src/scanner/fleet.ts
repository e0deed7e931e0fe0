// Fleet mode: N simulated scanners, each scanning at `ratePerSec` with jitter, each payload a
// distinct, valid synthetic identity (so a receiver can match every announcement to its send time).

export interface FleetMember {
  readonly id: string;
  scan(payload: string): Promise<number>;
}

export interface FleetSend {
  readonly deviceId: string;
  readonly personalId: string;
  /** performance.now() when the last byte left the simulator. */
  readonly lastByteAt: number;
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Hữu', 'Đức', 'Minh', 'Quang', 'Thanh'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Đạt', 'Hải', 'Hiếu', 'Hùng', 'Khánh', 'Long', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Thắng', 'Tuấn', 'Việt', 'Vinh'];

/** Every distinct name `syntheticPayload` uses (for the suite's log check). */
export const SYNTHETIC_NAMES: readonly string[] = FAMILY.flatMap((f) => MIDDLE.flatMap((m) => GIVEN.map((g) => `${f} ${m} ${g}`)));

/** A valid 2021-card payload whose ID encodes `n` (male, born 1989, Hà Nội). Names and birthdays vary
 *  as a day's patients do (1,728 names, 336 birthdays): a fleet of identical names would make every
 *  patient a possible duplicate of every other, a load no reception sees. */
export function syntheticPayload(n: number): { id: string; payload: string } {
  const id = `001089${String(n % 1_000_000).padStart(6, '0')}`;
  const name = SYNTHETIC_NAMES[n % SYNTHETIC_NAMES.length]!;
  const dob = `${String(((n * 7) % 28) + 1).padStart(2, '0')}${String(((n * 5) % 12) + 1).padStart(2, '0')}1989`;
  return { id, payload: `${id}|013456789|${name}|${dob}|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021` };
}

export async function runFleet(
  members: readonly FleetMember[],
  opts: { ratePerSec: number; durationMs: number; onSend?: (s: FleetSend) => void },
): Promise<FleetSend[]> {
  const sends: FleetSend[] = [];
  let counter = 0;
  const until = performance.now() + opts.durationMs;
  const period = 1000 / opts.ratePerSec;
  await Promise.all(
    members.map(async (m, i) => {
      // Spread the members over one period so they do not all fire on the same tick.
      await new Promise((r) => setTimeout(r, (i * period) / members.length));
      while (performance.now() < until) {
        const started = performance.now();
        const { id, payload } = syntheticPayload(++counter);
        const lastByteAt = await m.scan(payload);
        const s = { deviceId: m.id, personalId: id, lastByteAt };
        sends.push(s);
        opts.onSend?.(s);
        const wait = period * (0.9 + Math.random() * 0.2) - (performance.now() - started);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    }),
  );
  return sends;
}
