// A chip reader in the device list: its service's address shown without a password, a scanner-shaped
// face of kind `chip` whose open/close are the reader's, and one repeat key per card whatever order
// the service sent its fields in.

import t from 'tap';
import type { ChipReaderTransport, ChipTransportEvents } from '../../../../drivers/src/chip/chip-transport.ts';
import { TypedEmitter } from '../../../../drivers/src/typed-emitter.ts';
import { chipReaderFace, chipRepeatKey, shownUrl } from '../../../../daemon/src/devices/chip-reader-device.ts';

class FakeReader extends TypedEmitter<ChipTransportEvents> implements ChipReaderTransport {
  readonly protocol = 'hn212-socketio' as const;
  isOpen = false;
  connected = false;
  readonly calls: string[] = [];
  constructor(readonly url: string) {
    super();
  }
  async open(): Promise<void> {
    this.calls.push('open');
    this.isOpen = true;
  }
  async close(): Promise<void> {
    this.calls.push('close');
    this.isOpen = false;
  }
}

t.test('shownUrl: never a user or password, no trailing slash', async (t) => {
  t.equal(shownUrl('http://admin:s3cret@192.168.5.1:8000/'), 'http://192.168.5.1:8000');
  t.equal(shownUrl('ws://user@127.0.0.1:9000/events'), 'ws://127.0.0.1:9000/events');
  t.equal(shownUrl('http://192.168.5.1:8000'), 'http://192.168.5.1:8000');
  t.notMatch(shownUrl('https://u:p%40ss@reader.local/'), /p%40ss|p@ss|u:/);
  t.equal(shownUrl('not a url'), 'not a url', 'what is not a URL is shown as written');
});

t.test('chipReaderFace: kind chip, the shown URL as its path, open and close passed to the reader', async (t) => {
  const reader = new FakeReader('http://admin:s3cret@192.168.5.1:8000');
  const face = chipReaderFace(reader);
  t.equal(face.kind, 'chip');
  t.same(face.identity, { path: 'http://192.168.5.1:8000', product: 'hn212-socketio' });
  t.equal(face.isOpen, false);
  await face.open();
  t.equal(face.isOpen, true, 'isOpen is the reader’s, live');
  await face.close();
  t.equal(face.isOpen, false);
  t.same(reader.calls, ['open', 'close']);
  t.equal(
    face.on('read', () => undefined),
    face,
    'listening for reads is harmless: a face never emits one',
  );
  t.equal(
    face.off('read', () => undefined),
    face,
  );
});

t.test('chipRepeatKey: the same fields in any order are one key; any other field value is another', async (t) => {
  const a = chipRepeatKey({ idCode: '001089012345', personName: 'Nguyễn Văn An', dateOfBirth: '15/03/1989' });
  const b = chipRepeatKey({ dateOfBirth: '15/03/1989', idCode: '001089012345', personName: 'Nguyễn Văn An' });
  t.ok(a.equals(b), 'another key order');
  t.notOk(a.equals(chipRepeatKey({ idCode: '001089012346', personName: 'Nguyễn Văn An', dateOfBirth: '15/03/1989' })), 'another ID');
  t.notOk(a.equals(chipRepeatKey({ idCode: '001089012345', personName: 'Nguyễn Văn An' })), 'a field fewer');
  t.notOk(chipRepeatKey({ a: 'bc' }).equals(chipRepeatKey({ ab: 'c' })), 'keys and values do not run together');
});
