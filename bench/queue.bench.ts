// `npm run bench -- queue`: from a desk's "call" to the number on the waiting room's display. The
// daemon in its own process (as deployed), CALLS typed patients registered to one department, then a
// desk calls them one by one over HTTP while a display socket (auth.queue, as /queue connects) waits
// for each board that announces the call. Printed: the HTTP answer and the display's board, p50/p95.

import { io as ioClient } from 'socket.io-client';
import type { QueueBoard } from '../daemon/src/api/contract.ts';
import { spawnDaemon } from './daemon-process.ts';
import { pct, printTable } from './table.ts';

const CALLS = Number(process.env['BENCH_QUEUE_CALLS'] ?? 200);

async function post(url: string, body: object): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Khánh', 'Long', 'Minh'];

/** A typed patient registered to kham-noi (fictitious IDs: Hà Nội, men born 1989). */
async function register(url: string, i: number): Promise<void> {
  const query = `001089${String(i).padStart(6, '0')}`;
  const found = await post(`${url}/api/search`, { desk: 'desk-1', query, name: `Nguyễn Văn ${GIVEN[i % GIVEN.length]!}`, dob: '15/03/1989', sex: 'M' });
  const eventId = (found.body['message'] as { eventId?: number } | undefined)?.eventId;
  if (eventId === undefined) throw new Error(`search ${i} failed: ${JSON.stringify(found.body)}`);
  const reg = await post(`${url}/api/registrations`, { eventId, department: 'kham-noi' });
  if (reg.status !== 201) throw new Error(`registration ${i} failed: ${reg.status}`);
}

export async function benchQueue(): Promise<void> {
  const d = await spawnDaemon([], 9600, { config: { limits: { searchesPerMinute: 100_000 }, repeats: { windowMs: 0 } } });
  try {
    for (let i = 1; i <= CALLS; i++) await register(d.url, i);
    const display = ioClient(d.url, { transports: ['websocket'], reconnection: false, auth: { queue: ['kham-noi'] } });
    let waiter: ((b: QueueBoard) => void) | null = null;
    display.on('queue', (b: QueueBoard) => waiter?.(b));
    await new Promise<void>((r) => display.once('connect', () => r()));
    const http: number[] = [];
    const shown: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const t0 = performance.now();
      const board = new Promise<number>((resolve) => (waiter = (b) => b.announce && resolve(performance.now() - t0)));
      const r = await post(`${d.url}/api/queue/kham-noi/call`, { desk: 'desk-1' });
      if (r.status !== 200) throw new Error(`call ${i} failed: ${r.status}`);
      http.push(performance.now() - t0);
      shown.push(await board);
    }
    display.close();
    const row = (what: string, xs: number[]): string[] => [
      what,
      String(xs.length),
      pct(xs, 0.5).toFixed(1),
      pct(xs, 0.95).toFixed(1),
      Math.max(...xs).toFixed(1),
    ];
    printTable(
      `Queue: ${CALLS} calls of one department, one after another (daemon in its own process; the display a socket.io client as /queue connects)`,
      ['from "call" (POST /api/queue/:department/call) to', 'calls', 'p50 ms', 'p95 ms', 'max ms'],
      [row('the HTTP answer at the desk', http), row('the board with the number on the display (socket.io)', shown)],
    );
  } finally {
    await d.stop();
  }
}
