// The event surface every scanner transport exposes (read, disconnect, warning). A listener must get
// exactly the events it subscribed to, from its own device only: a read from desk 1's scanner
// delivered to desk 2's listener would show a patient at the wrong desk.

import t from 'tap';
import { TypedEmitter } from '../../../drivers/src/typed-emitter.ts';

interface DeviceEvents {
  read: (payload: string, at: number) => void;
  disconnect: (reason: string) => void;
}

class Device extends TypedEmitter<DeviceEvents> {
  read(payload: string, at: number): void {
    this.emit('read', payload, at);
  }
  disconnect(reason: string): void {
    this.emit('disconnect', reason);
  }
}

t.test('listeners get the event arguments, in the order they subscribed', async (t) => {
  const d = new Device();
  const calls: string[] = [];
  d.on('read', (p, at) => calls.push(`first ${p} ${at}`)).on('read', (p, at) => calls.push(`second ${p} ${at}`));
  d.read('001089012345', 12.5);
  t.same(calls, ['first 001089012345 12.5', 'second 001089012345 12.5']);
});

t.test('a listener hears only its own event', async (t) => {
  const d = new Device();
  const reads: string[] = [];
  const gone: string[] = [];
  d.on('read', (p) => reads.push(p));
  d.on('disconnect', (r) => gone.push(r));
  d.disconnect('cable pulled');
  t.same(reads, []);
  t.same(gone, ['cable pulled']);
});

t.test('off removes that listener only', async (t) => {
  const d = new Device();
  const kept: string[] = [];
  const removed: string[] = [];
  const listener = (p: string): void => void removed.push(p);
  d.on('read', listener);
  d.on('read', (p) => kept.push(p));
  t.equal(d.off('read', listener), d, 'off chains like on');
  d.read('a', 1);
  t.same(removed, []);
  t.same(kept, ['a']);
  d.off('disconnect', () => {});
  d.disconnect('nobody listens');
  t.pass('removing an unknown listener and emitting with no listener are harmless');
});

t.test('two devices never share listeners', async (t) => {
  const desk1 = new Device();
  const desk2 = new Device();
  const heardAt1: string[] = [];
  desk1.on('read', (p) => heardAt1.push(p));
  desk2.read('079305001234', 1);
  t.same(heardAt1, [], "desk 2's scan is not heard at desk 1");
  desk1.read('001089012345', 2);
  t.same(heardAt1, ['001089012345']);
});
