// The printable report page a district officer prints on A4 and signs: the seed's two-row header with
// its merged groups, numbers written the Vietnamese way (17.918), blank cells for a unit that did not
// report, the breakdown of "Lỗi" and the sentences below, and nothing from a site's configuration
// ever read as markup (unit names are escaped; the page carries no script).

import t from 'tap';
import { buildPhuLuc03, type PhuLuc03 } from '../../../../daemon/src/reports/phu-luc-03.ts';
import { DEFAULT_PERIOD_CONFIG } from '../../../../daemon/src/reports/period-config.ts';
import { escapeHtml, renderHtml } from '../../../../daemon/src/reports/render-html.ts';
import type { FacilityInventory, ReportSource, StationCounts } from '../../../../daemon/src/reports/types.ts';

const facility = (id: string, name: string, order: number): FacilityInventory => ({
  id,
  name,
  province: '',
  sector: 'public',
  tier: 'district',
  order,
  stations: [{ id: 'main', name: 'main', kind: 'facility', desks: [], scanners: [], needed: 1, neededReason: null }],
});

async function report(names: string[], period: StationCounts[], silent: string[] = []): Promise<PhuLuc03> {
  const facilities = names.map((n, i) => facility(`F${i + 1}`, n, i));
  const src: ReportSource = { facilities: async () => facilities, stationTotals: async () => period };
  const expected = silent.map((id, i) => ({
    facilityId: id,
    name: `Đơn vị ${id}`,
    sector: 'public' as const,
    tier: 'district' as const,
    order: 100 + i,
    siteId: id,
  }));
  return buildPhuLuc03(src, {
    from: '2023-01-10',
    to: '2023-02-09',
    cumulativeSince: '2022-12-10',
    now: new Date('2023-02-10T05:00:00Z'),
    periodConfig: DEFAULT_PERIOD_CONFIG,
    expected,
  });
}

const c = (facilityId: string, scans: number, errors: number, extra: Partial<StationCounts> = {}): StationCounts => ({
  facilityId,
  stationId: 'main',
  scans,
  searches: 0,
  successes: scans - errors,
  errors,
  ...extra,
});

/** The cells of the main table's row of `label` (its first <tr> whose label cell is exactly that). */
function mainRow(html: string, label: string): string[] {
  const table = html.slice(html.indexOf('<table>'), html.indexOf('</table>'));
  const tr = table.split('\n').find((l) => l.includes(`<td class="label">${label}</td>`));
  return [...(tr ?? '').matchAll(/<td class="[^"]+">([^<]*)<\/td>/g)].map((m) => m[1]!);
}

t.test('the page has the seed title, period, two-row header and Vietnamese numbers', async (t) => {
  const html = renderHtml(await report(['Bệnh viện Đa khoa tỉnh'], [c('F1', 17918, 424, { lookupNotCovered: 400, errorsRead: 24 })]));
  t.match(html, /^<!doctype html>\n<html lang="vi">/);
  t.match(html, '<title>Phụ lục 03 — 10/01/2023–09/02/2023</title>');
  t.match(html, '<h1>Kết quả triển khai khám chữa bệnh BHYT bằng thẻ CCCD gắn chip và thực trạng đầu tư đầu đọc QR-Code tại cơ sở KCB tháng 02/2023</h1>');
  t.match(html, '<p class="period">Từ ngày 10/01/2023 đến ngày 09/02/2023</p>');
  t.match(html, '@page { size: A4 landscape;');
  t.match(html, '<th rowspan="2">STT</th><th rowspan="2">Tên đơn vị</th><th colspan="5">Số lượt truy cập thẻ CCCD</th>', 'the merged group over five columns');
  t.match(html, '<th colspan="2">Số máy quét đã trang bị</th><th rowspan="2">Nhu cầu trang bị</th>');
  t.match(
    html,
    '<tr><th>Tổng lượt truy cập</th><th>Số lượt quét thẻ</th><th>Số lượt tìm kiếm</th><th>Lượt thành công</th><th>Lỗi</th><th>Số máy đáp ứng</th><th>Số máy không đáp ứng</th></tr>',
  );
  t.same(mainRow(html, 'Bệnh viện Đa khoa tỉnh'), ['1', 'Bệnh viện Đa khoa tỉnh', '17.918', '17.918', '0', '17.494', '424', '17.918', '', '0', '0', '1']);
  t.match(html, '<tr class="total" data-facility="">');
  t.match(html, '<tr class="facility" data-facility="F1">');
});

t.test('below the table: the narrative, then the causes behind "Lỗi" with their English names', async (t) => {
  const html = renderHtml(await report(['TTYT huyện Ba Tơ'], [c('F1', 1200, 64, { lookupNotCovered: 60, errorsRead: 4, pending: 3 })]));
  t.match(
    html,
    /<p class="narrative">Trong tháng \(số liệu từ ngày 10\/01\/2023 đến ngày 09\/02\/2023\): Tổng số lượt truy cập thẻ CCCD gắn chip: 1\.200 lượt/,
  );
  t.match(html, '<th title="Card unreadable or wrong format">Lỗi đọc thẻ / sai định dạng</th>');
  const breakdown = html.slice(html.indexOf('<table class="breakdown">'));
  t.match(
    breakdown,
    '<td class="label">TTYT huyện Ba Tơ</td><td class="errors">64</td><td class="errorsRead">4</td><td class="errorsValidation">0</td><td class="lookupNotCovered">60</td>',
  );
  t.match(breakdown, '<td class="pending">3</td></tr>');
  t.ok(html.indexOf('<p class="narrative">') > html.indexOf('</table>'), 'the sentences come after the main table');
});

t.test('a unit that did not report shows its name and blank cells, in both tables', async (t) => {
  const html = renderHtml(await report(['TTYT huyện Bình Sơn'], [c('F1', 10, 0)], ['F9']));
  t.same(mainRow(html, 'Đơn vị F9 (chưa có báo cáo)'), ['2', 'Đơn vị F9 (chưa có báo cáo)', '', '', '', '', '', '', '', '', '', '']);
  const breakdown = html.slice(html.indexOf('<table class="breakdown">'));
  t.match(breakdown, '<td class="label">Đơn vị F9 (chưa có báo cáo)</td><td class="errors"></td><td class="errorsRead"></td>');
});

t.test('names from a site’s configuration are text, never markup; the page has no script', async (t) => {
  const evil = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';
  const html = renderHtml(await report([evil], [c('F1', 1, 0)]));
  t.notOk(html.includes('<script'), 'no script element');
  t.notOk(html.includes('<img'), 'no injected element');
  t.match(html, '&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#60;img src=x onerror=alert(1)&#62;');
});

t.test('notices given by the caller go between the table and the sentences, as given', async (t) => {
  const notice = '<p class="notice submitted">Đã nộp / submitted</p>';
  const html = renderHtml(await report(['TTYT'], []), notice);
  const at = html.indexOf(notice);
  t.ok(at > html.indexOf('</tbody></table>') && at < html.indexOf('<p class="narrative">'));
  t.notOk(renderHtml(await report(['TTYT'], [])).includes('class="notice'), 'none by default');
});

t.test('escapeHtml escapes the five characters that end text in HTML', async (t) => {
  const cases: Array<[string, string]> = [
    ['&', '&#38;'],
    ['<', '&#60;'],
    ['>', '&#62;'],
    ['"', '&#34;'],
    ["'", '&#39;'],
    ['Bệnh viện Sản - Nhi', 'Bệnh viện Sản - Nhi'],
    ['a="b" & c<d', 'a=&#34;b&#34; &#38; c&#60;d'],
  ];
  for (const [s, out] of cases) t.equal(escapeHtml(s), out, s);
});
