// The day's visit list for the accounting desk (GET /api/registrations, admin): every registration of
// the day with the chosen fields, personal data masked unless revealed, each list audited (a revealed
// one under its own action), as JSON, a CSV Excel opens with Vietnamese intact, or an XLSX. A
// reception desk cannot fetch it. Real daemon, simulated scanner, HTTP on loopback.

import t from 'tap';
import type { ScanMessage } from '../../daemon/src/api/contract.ts';
import { parseCsv } from '../../daemon/src/reports/render-csv.ts';
import { vietnamDay } from '../../daemon/src/util/vietnam-time.ts';
import { next, startTestDaemon } from '../helpers/daemon.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const HUONG = '038196007654|173456789|Lê Thị Hường|30041996|Nữ|Thôn Đông Hải, Xã Quảng Hải, Huyện Quảng Xương, Thanh Hóa|12092024||||';
const TOKENS = { admin: 'admin-token-visits-aaaaaa', desk1: 'desk1-token-visits-cccccc' };
const auth = {
  tokens: [
    { id: 'admin', token: TOKENS.admin, role: 'admin' },
    { id: 'desk1', token: TOKENS.desk1, role: 'reception', desk: 'desk-1' },
  ],
};

t.test('the day’s visits: masked by default, in clear only when revealed, audited, as JSON, CSV and XLSX', async (t) => {
  const d = await startTestDaemon(t, { config: { auth } });
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const socket = await d.connect(TOKENS.desk1);
  const sim = d.wiring.simScanners[0]!;
  const tickets: string[] = [];
  for (const [payload, department] of [
    [AN, 'kham-noi'],
    [HUONG, 'san-nhi'],
  ] as const) {
    const shown = next<ScanMessage>(socket, 'scan');
    await sim.scan(payload);
    const { eventId } = await shown;
    const res = await fetch(`${d.url}/api/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...as(TOKENS.desk1) },
      body: JSON.stringify({ eventId, department }),
    });
    t.equal(res.status, 201);
    tickets.push(((await res.json()) as { registration: { ticket: string } }).registration.ticket);
  }
  const day = vietnamDay(new Date());
  const list = async (query: string, token = TOKENS.admin) => fetch(`${d.url}/api/registrations?${query}`, { headers: as(token) });

  const masked = (await (await list(`day=${day}`)).json()) as { revealed: boolean; visits: Array<Record<string, string>> };
  t.equal(masked.revealed, false);
  t.match(masked.visits, [
    {
      ticket: tickets[0],
      department: 'Khám Nội',
      desk: 'desk-1',
      name: 'N*** V** A*',
      idNumber: '0010******45',
      dob: '1989-**-**',
      sex: 'Nam',
      address: '***, Hà Nội',
    },
    { ticket: tickets[1], department: 'Sản - Nhi', name: 'L* T** H***', idNumber: '0381******54', sex: 'Nữ' },
  ]);
  t.notMatch(JSON.stringify(masked), /Nguyễn Văn An|001089012345|1989-03-15|Hoàng Hoa Thám/, 'nothing in clear');

  const revealed = (await (await list(`day=${day}&reveal=1&fields=ticket,name,idNumber,dob`)).json()) as {
    fields: string[];
    visits: Array<Record<string, string>>;
  };
  t.same(revealed.fields, ['ticket', 'name', 'idNumber', 'dob'], 'the chosen fields, in the order asked');
  t.same(revealed.visits[0], { ticket: tickets[0], name: 'Nguyễn Văn An', idNumber: '001089012345', dob: '1989-03-15' });

  const csv = await list(`day=${day}&format=csv&fields=ticket,name,address`);
  t.match(csv.headers.get('content-disposition'), `luot-kham-${day}.csv`);
  const bytes = Buffer.from(await csv.arrayBuffer()); // (Response.text() would drop the BOM)
  t.equal(bytes.subarray(0, 3).toString('hex'), 'efbbbf', 'a UTF-8 byte-order mark: Excel reads the Vietnamese right');
  const text = bytes.toString('utf8');
  t.same(parseCsv(text), [
    ['Số phiếu / Ticket', 'Họ tên / Name', 'Địa chỉ / Address'],
    [tickets[0], 'N*** V** A*', '***, Hà Nội'],
    [tickets[1], 'L* T** H***', '***, Thanh Hóa'],
  ]);

  const xlsx = await list(`day=${day}&format=xlsx`);
  t.equal(
    Buffer.from(await xlsx.arrayBuffer())
      .subarray(0, 2)
      .toString('latin1'),
    'PK',
    'an XLSX (zip) file',
  );

  t.same(
    (await (await list('day=2020-01-01')).json()) as object,
    { day: '2020-01-01', fields: masked.visits.length ? Object.keys(masked.visits[0]!) : [], revealed: false, visits: [] },
    'another day: none',
  );
  t.equal((await list(`day=${day}`, TOKENS.desk1)).status, 403, 'a reception desk cannot list the day’s patients');
  t.equal((await list('fields=ticket,password')).status, 400, 'an unknown field is refused');

  const audit = (await (await fetch(`${d.url}/api/audit?from=${day}&to=${day}`, { headers: as(TOKENS.admin) })).json()) as {
    entries: Array<{ action: string; subject: string | null; actor: string }>;
  };
  const lists = audit.entries.filter((e) => e.action.startsWith('listVisits'));
  t.equal(lists.filter((e) => e.action === 'listVisitsRevealed').length, 1, 'the reveal is audited under its own action');
  t.ok(
    lists.every((e) => e.actor === 'admin' && e.subject?.startsWith('visits:')),
    'with who and which day',
  );
  t.ok(lists.length >= 5, 'every list is audited');
});
