// `tiepnhan report --format md|txt`: the report's sentences for the district officer's own letter,
// Vietnamese first, then English, then the province total of each cause behind "Lỗi". A plain-text
// file pastes into a letter as is; the Markdown one renders with headings and a list.

import t from 'tap';
import { buildPhuLuc03, type PhuLuc03 } from '../../../../daemon/src/reports/phu-luc-03.ts';
import { DEFAULT_PERIOD_CONFIG } from '../../../../daemon/src/reports/period-config.ts';
import { renderNarrative } from '../../../../daemon/src/reports/render-narrative.ts';
import type { ReportSource } from '../../../../daemon/src/reports/types.ts';

async function report(): Promise<PhuLuc03> {
  const src: ReportSource = {
    facilities: async () => [
      {
        id: 'D1',
        name: 'Trung tâm Y tế huyện Ba Tơ',
        province: 'Quảng Ngãi',
        sector: 'public',
        tier: 'district',
        order: 10,
        stations: [{ id: 'main', name: 'main', kind: 'facility', desks: [], scanners: [], needed: 2, neededReason: null }],
      },
    ],
    stationTotals: async () => [
      { facilityId: 'D1', stationId: 'main', scans: 0, searches: 715, successes: 651, errors: 64, lookupNotCovered: 50, lookupIdentity: 14, pending: 2 },
    ],
  };
  return buildPhuLuc03(src, {
    from: '2023-01-10',
    to: '2023-02-09',
    cumulativeSince: '2022-12-10',
    now: new Date('2023-02-10T00:00:00Z'),
    periodConfig: DEFAULT_PERIOD_CONFIG,
  });
}

const CAUSES = [
  'Lỗi đọc thẻ / sai định dạng / Card unreadable or wrong format: 0',
  'Lỗi dữ liệu thẻ (kiểm tra) / Card data failed validation: 0',
  'Tra cứu: không có thẻ BHYT còn giá trị / Lookup: no valid BHYT card (010, 050, 110, 12x, 130): 50',
  'Tra cứu: sai mã thẻ / tham số / Lookup: wrong card code or parameters (051–055, 205, refused): 0',
  'Tra cứu: sai họ tên / ngày sinh / Lookup: name or date of birth mismatch (060, 061, 070): 14',
  'Tra cứu: không trả lời / mã khác / Lookup: never answered, or another code: 0',
  'Lượt đọc không lưu được (ổ đĩa đầy) / Reads the site could not store (disk full): 0',
  'Trong đó lượt đọc chip (đầu đọc chip) / Of the scans: read from the chip (chip reader): 0',
  'Lỗi chưa rõ nguyên nhân / Errors without a cause (sites older than v8): 0',
  'Đang chờ tra cứu (lúc lập báo cáo) / Lookups pending at report time: 2',
];

t.test('txt: title, Vietnamese sentences, English sentences, then the causes, one a line', async (t) => {
  const r = await report();
  t.same(renderNarrative(r, 'txt').split('\n'), [
    r.title,
    '',
    ...r.narrative.vi,
    '',
    ...r.narrative.en,
    '',
    'Lỗi theo nguyên nhân / errors by cause:',
    ...CAUSES,
    '',
  ]);
  t.match(r.narrative.vi[0], /Tổng số lượt truy cập thẻ CCCD gắn chip: 715 lượt, trong đó: số lượt thành công: 651/, 'the sentences are the report’s');
});

t.test('md: a heading per part, sentences as paragraphs, causes as a list', async (t) => {
  const r = await report();
  const md = renderNarrative(r, 'md');
  t.ok(md.startsWith(`# ${r.title}\n\n${r.narrative.vi[0]}\n\n${r.narrative.vi[1]}\n\n`));
  t.match(md, `\n## English\n\n${r.narrative.en[0]}\n\n`);
  t.ok(md.endsWith(`## Lỗi theo nguyên nhân / errors by cause\n\n${CAUSES.map((c) => `- ${c}`).join('\n')}\n`));
  t.ok(md.indexOf('## English') > md.indexOf(r.narrative.vi[2]!), 'Vietnamese first');
});
