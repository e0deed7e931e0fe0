// One access per card read: the same bytes from one device within the window are a repeat (a cheap
// scanner's double read, a card held under the beam); a rescan after a pause, or another card, is a
// new access. Phụ lục 03 counts accesses, so a double read must not count twice.

import t from 'tap';
import { RepeatFilter } from '../../../../daemon/src/devices/repeat-filter.ts';

const AN = Buffer.from('001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021');
const HUONG = Buffer.from('038196007654|173456789|Lê Thị Hường|30041996|Nữ|Thôn Đông Hải, Xã Quảng Hải, Huyện Quảng Xương, Thanh Hóa|12092024||||');

t.test('a double read within the window is one access; a rescan after it is another', async (t) => {
  const f = new RepeatFilter(2000);
  t.equal(f.isRepeat(AN, 0), false, 'the first read is an access');
  t.equal(f.isRepeat(AN, 300), true, '300 ms later: the same card, a repeat');
  t.equal(f.isRepeat(AN, 2301), false, 'more than the window after the last sighting: a new access');
});

t.test('a card held under the beam stays one access: the window runs from the last sighting', async (t) => {
  const f = new RepeatFilter(2000);
  t.equal(f.isRepeat(AN, 0), false);
  for (let at = 500; at <= 10_000; at += 500) t.equal(f.isRepeat(AN, at), true, `${at} ms`);
  t.equal(f.isRepeat(AN, 12_001), false, 'taken away for longer than the window, then read: new');
});

t.test('another card is an access at once, and makes the first new again', async (t) => {
  const f = new RepeatFilter(2000);
  f.isRepeat(AN, 0);
  t.equal(f.isRepeat(HUONG, 100), false, 'the next patient is not held back');
  t.equal(f.isRepeat(AN, 200), false, 'the first card again after another: its own access (two patients at one desk)');
});

t.test('the window counts exactly: at its edge a repeat, one millisecond past it new', async (t) => {
  const f = new RepeatFilter(1000);
  f.isRepeat(AN, 0);
  t.equal(f.isRepeat(AN, 1000), true);
  const g = new RepeatFilter(1000);
  g.isRepeat(AN, 0);
  t.equal(g.isRepeat(AN, 1001), false);
});

t.test('a window of 0 turns the filter off', async (t) => {
  const f = new RepeatFilter(0);
  t.equal(f.isRepeat(AN, 0), false);
  t.equal(f.isRepeat(AN, 0), false);
});

t.test('the filter keeps its own copy: a transport reusing its buffer cannot make a repeat', async (t) => {
  const f = new RepeatFilter(2000);
  const buf = Buffer.from(AN);
  f.isRepeat(buf, 0);
  HUONG.copy(buf, 0, 0, 12); // the driver's buffer now starts with another card's ID
  t.equal(f.isRepeat(Buffer.from(AN), 100), true, 'the remembered read is the one seen');
});
