// What hospital IT reads when the database or the data folder needs them: both languages, the files
// and the command named in both, and the key texts saying which key (a restored backup needs the
// right one).

import t from 'tap';
import { STORAGE_TEXT } from '../../../../daemon/src/storage/storage-messages.ts';
import { fixedTextProblems, textProblems } from '../../../helpers/catalogue.ts';

t.test('every storage text in both languages, with the files and what to run', async (t) => {
  t.same(fixedTextProblems(STORAGE_TEXT), []);
  const loose = STORAGE_TEXT.dataDirLoose(['tiepnhan.sqlite', 'id-hash.key'], '/var/lib/tiepnhan');
  t.same(textProblems('dataDirLoose', loose, ['tiepnhan.sqlite, id-hash.key', 'chmod 700 "/var/lib/tiepnhan"']), []);
  for (const [name, make] of [
    ['keyEmpty', STORAGE_TEXT.keyEmpty],
    ['keyMissing', STORAGE_TEXT.keyMissing],
  ] as const) {
    const text = make(STORAGE_TEXT.sessionKey, '/var/lib/tiepnhan/session.key');
    t.same(textProblems(name, text, ['/var/lib/tiepnhan/session.key']), []);
    t.ok(text.vi.includes(STORAGE_TEXT.sessionKey.vi) && text.en.includes(STORAGE_TEXT.sessionKey.en), `${name}: names the key in each language`);
  }
});
