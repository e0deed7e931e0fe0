// The scanners' configuration as a hospital writes it: the repeat window is 2 s unless set, one
// scanner can have its own (0 turns the filter off there), and a window out of range is refused at
// start with the key named, not discovered at the desk.

import t from 'tap';
import { ConfigError, resolveConfig } from '../../../../daemon/src/config/load.ts';
import { repeatWindowOf } from '../../../../daemon/src/devices/devices-config.ts';

t.test('the repeat window: the default, one scanner’s own, 0 for off', async (t) => {
  const defaults = resolveConfig({}).repeats;
  t.equal(repeatWindowOf(defaults, 'quay-1'), 2000, '2 s by default');
  const set = resolveConfig({ repeats: { windowMs: 5000, byDevice: { 'kiosk-1': 0, 'quay-2': 800 } } }).repeats;
  t.equal(repeatWindowOf(set, 'quay-1'), 5000);
  t.equal(repeatWindowOf(set, 'kiosk-1'), 0, 'off for one scanner');
  t.equal(repeatWindowOf(set, 'quay-2'), 800);
});

t.test('a window out of range is refused at start', async (t) => {
  t.throws(() => resolveConfig({ repeats: { windowMs: -1 } }), ConfigError);
  t.throws(() => resolveConfig({ repeats: { byDevice: { 'quay-1': 120_000 } } }), ConfigError);
  t.throws(() => resolveConfig({ scanners: { repeatWindowMs: 2000 } }), ConfigError, '`scanners` stays the list of serial scanners');
});
