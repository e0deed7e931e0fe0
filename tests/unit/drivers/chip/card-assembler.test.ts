import t from 'tap';
import {
  CardAssembler,
  decodeBase64,
  deadlineOf,
  IDLE,
  step,
  type AssemblerEvent,
  type AssemblerOutput,
  type AssemblyState,
} from '../../../../drivers/src/chip/card-assembler.ts';

const TIMEOUT = 1000;
const FIELDS = { idCode: '001089012345', personName: 'Nguyễn Văn An', dateOfBirth: '15/03/1989', gender: 'Nam', residencePlace: 'Hà Nội' };
const DG13 = Buffer.from([0x6d, 0x03, 0x02, 0x01, 0x01]);
const SOD = Buffer.from([0x77, 0x02, 0x30, 0x00]);
const DG2 = Buffer.from([0x75, 0x04, 0xff, 0xd8, 0xff, 0xe0]);
const IMAGE = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]);

const id1: AssemblerEvent = { type: 'hn212', payload: { id: 1, message: 'new card!' } };
const id2 = (data: unknown = FIELDS): AssemblerEvent => ({ type: 'hn212', payload: { id: 2, message: 'ok', data } });
const id4 = (data: unknown = { img_data: IMAGE.toString('base64'), dg2: DG2.toString('base64'), dg13: DG13.toString('base64'), sod: SOD.toString('base64') }) =>
  ({ type: 'hn212', payload: { id: 4, message: 'ok', data } }) as AssemblerEvent;
const id3: AssemblerEvent = { type: 'hn212', payload: { id: 3, message: 'Đọc thẻ thất bại: 001089012345' } };
const ws = (message: unknown): AssemblerEvent => ({ type: 'wsEvents', message });

/** Feeds `[time, event]` pairs from IDLE; returns every output (in order) and the final state. */
function run(events: ReadonlyArray<readonly [number, AssemblerEvent]>, from: AssemblyState = IDLE) {
  let state = from;
  const outputs: AssemblerOutput[] = [];
  for (const [now, event] of events) {
    const next = step(state, event, now, TIMEOUT);
    state = next.state;
    outputs.push(...next.outputs);
  }
  return { state, outputs };
}

const kinds = (outputs: readonly AssemblerOutput[]) => outputs.map((o) => (o.type === 'card' ? 'card' : o.failure.kind));

t.test('HN212: id 1, 2, 4 make one card with its text fields and raw bytes', async (t) => {
  const { state, outputs } = run([
    [0, id1],
    [100, id2({ ...FIELDS, photoCount: 3, nested: { a: 1 }, empty: null })],
    [400, id4()],
  ]);
  t.same(kinds(outputs), ['card']);
  const card = outputs[0]!.type === 'card' ? outputs[0]!.card : null;
  t.same(card!.fields, FIELDS, 'only the string values are kept');
  t.equal(card!.at, 400, 'stamped when complete');
  t.ok(card!.raw!.dg13!.equals(DG13));
  t.ok(card!.raw!.sod!.equals(SOD));
  t.ok(card!.raw!.dg2!.equals(DG2));
  t.ok(card!.raw!.image!.equals(IMAGE), 'img_data is the portrait');
  t.notOk('dg14' in card!.raw! || 'dg15' in card!.raw!, 'files not sent stay absent');
  t.same(state, IDLE);
});

t.test('HN212: id 2 without id 1 starts the card; the deadline runs from there', async (t) => {
  const started = run([[50, id2()]]);
  t.same(started.outputs, []);
  t.equal(deadlineOf(started.state), 50 + TIMEOUT);
  t.same(kinds(run([[60, id4()]], started.state).outputs), ['card']);
});

t.test('HN212: a new id 1 while a card is pending ends that one as incomplete', async (t) => {
  const { state, outputs } = run([
    [0, id1],
    [100, id2()],
    [200, id1],
  ]);
  t.same(outputs, [{ type: 'failure', failure: { kind: 'incomplete', at: 200 } }]);
  t.equal(deadlineOf(state), 200 + TIMEOUT, 'the new card has its own deadline');
  t.same(
    kinds(
      run(
        [
          [300, id2()],
          [400, id4()],
        ],
        state,
      ).outputs,
    ),
    ['card'],
    'and completes',
  );
});

t.test('HN212: a second id 2 means the first card lost its end: incomplete, and a new card starts', async (t) => {
  const { state, outputs } = run([
    [0, id1],
    [100, id2()],
    [200, id2({ idCode: '079199000001' })],
    [300, id4({})],
  ]);
  t.same(kinds(outputs), ['incomplete', 'card']);
  t.same(outputs[1]!.type === 'card' && outputs[1]!.card.fields, { idCode: '079199000001' });
  t.same(outputs[1]!.type === 'card' && outputs[1]!.card.raw, {}, 'an id 4 with no files: a card with none');
  t.same(state, IDLE);
});

t.test('HN212: id 3 is cardFailed, with or without a card pending, and ends the card', async (t) => {
  const pending = run([
    [0, id1],
    [10, id2()],
    [20, id3],
  ]);
  t.same(pending.outputs, [{ type: 'failure', failure: { kind: 'cardFailed', at: 20 } }]);
  t.same(pending.state, IDLE);
  t.same(kinds(run([[0, id3]]).outputs), ['cardFailed']);
  t.same(kinds(run([[30, id4()]], pending.state).outputs), ['malformed'], 'a late id 4 finds no card');
});

t.test('HN212: id 4 without id 2 is malformed, and ends the card', async (t) => {
  t.same(kinds(run([[0, id4()]]).outputs), ['malformed'], 'no card at all');
  const { state, outputs } = run([
    [0, id1],
    [10, id4()],
  ]);
  t.same(outputs, [{ type: 'failure', failure: { kind: 'malformed', at: 10 } }]);
  t.same(state, IDLE, 'one failure: no incomplete later');
});

t.test('HN212: malformed payloads', async (t) => {
  const cases: Array<[string, AssemblerEvent[]]> = [
    ['not an object', [{ type: 'hn212', payload: 'new card!' }]],
    ['an array', [{ type: 'hn212', payload: [1, 2] }]],
    ['an unknown id', [{ type: 'hn212', payload: { id: 7 } }]],
    ['id as a string', [{ type: 'hn212', payload: { id: '1' } }]],
    ['id 2 data not an object', [id1, id2('001089012345')]],
    ['id 2 data an array', [id1, id2(['a'])]],
    ['id 4 data not an object', [id1, id2(), id4('AAAA')]],
    ['id 4 bad base64', [id1, id2(), id4({ dg13: 'not base64!' })]],
    ['id 4 bad padding', [id1, id2(), id4({ sod: 'AA=A' })]],
    ['id 4 a truncated quantum', [id1, id2(), id4({ sod: 'AAAAA' })]],
    ['id 4 a number', [id1, id2(), id4({ dg2: 12 })]],
  ];
  for (const [name, events] of cases) {
    const { state, outputs } = run(events.map((e, i) => [i * 10, e] as const));
    t.same(kinds(outputs), ['malformed'], name);
    t.equal(deadlineOf(state), null, `${name}: nothing left pending`);
  }
});

t.test('HN212: base64 as Python writes it (line breaks) or without padding is accepted', async (t) => {
  const long = Buffer.alloc(100, 0xab);
  const b64 = long.toString('base64');
  const wrapped = `${b64.slice(0, 76)}\n${b64.slice(76)}\n`;
  const { outputs } = run([
    [0, id2()],
    [1, id4({ dg13: wrapped, sod: SOD.toString('base64').replace(/=+$/, ''), dg14: null, dg15: '' })],
  ]);
  const card = outputs[0]!.type === 'card' ? outputs[0]!.card : null;
  t.ok(card!.raw!.dg13!.equals(long));
  t.ok(card!.raw!.sod!.equals(SOD));
  t.notOk('dg14' in card!.raw! || 'dg15' in card!.raw!, 'null and empty mean not sent');
  t.equal(decodeBase64('A'), null);
  t.equal(decodeBase64('AB CD'), null);
  t.same(decodeBase64(''), Buffer.alloc(0));
});

t.test('the deadline: a card not finished cardTimeoutMs after it started is incomplete, once', async (t) => {
  const started = run([
    [0, id1],
    [100, id2()],
  ]);
  t.equal(deadlineOf(started.state), TIMEOUT, 'from the start, not from the last event');
  t.same(run([[999, { type: 'tick' }]], started.state).outputs, [], 'not yet');
  const expired = run([[TIMEOUT, { type: 'tick' }]], started.state);
  t.same(expired.outputs, [{ type: 'failure', failure: { kind: 'incomplete', at: TIMEOUT } }]);
  t.equal(deadlineOf(expired.state), null);
  t.same(run([[TIMEOUT + 500, { type: 'tick' }]], expired.state).outputs, [], 'ticks after that add nothing');
});

t.test('the deadline is checked before the event: a late id 4 does not rescue the card, nor fail twice', async (t) => {
  const { state, outputs } = run([
    [0, id1],
    [100, id2()],
    [1500, id4()],
  ]);
  t.same(outputs, [{ type: 'failure', failure: { kind: 'incomplete', at: TIMEOUT } }]);
  t.same(state, IDLE);
});

t.test('after the deadline, the expired card’s late events are swallowed; the next card is not', async (t) => {
  const expired = run([
    [0, id1],
    [TIMEOUT, { type: 'tick' }],
  ]);
  t.same(kinds(expired.outputs), ['incomplete']);
  const late = run(
    [
      [1100, id2()],
      [1200, id4()],
    ],
    expired.state,
  );
  t.same(late.outputs, [], 'its id 2 and id 4 arrive late: no second failure, no card');
  t.same(run([[1100, id3]], expired.state).outputs, [], 'a late id 3 neither');
  const next = run(
    [
      [1300, id1],
      [1310, id2()],
      [1320, id4()],
    ],
    late.state,
  );
  t.same(kinds(next.outputs), ['card']);
  const noId1 = run(
    [
      [0, id2()],
      [TIMEOUT, { type: 'tick' }],
      [1100, id2({ idCode: '079199000001' })],
      [1200, id4({})],
    ],
    IDLE,
  );
  t.same(kinds(noId1.outputs), ['incomplete', 'card'], 'a service without id 1: an id 2 after an expired card that had its fields is the next card');
});

t.test('a lost connection ends a pending card as incomplete; with none pending it says nothing', async (t) => {
  const { state, outputs } = run([
    [0, id1],
    [10, id2()],
    [20, { type: 'connectionLost' }],
  ]);
  t.same(outputs, [{ type: 'failure', failure: { kind: 'incomplete', at: 20 } }]);
  t.same(state, IDLE);
  t.same(run([[0, { type: 'connectionLost' }]]).outputs, []);
});

t.test('ws-events: READ then CARD_RESULT make a card with PersonalInfo strings and ChipFace as the image', async (t) => {
  const { state, outputs } = run([
    [0, ws({ EventName: 'READ' })],
    [300, ws({ EventName: 'CARD_RESULT', PersonalInfo: { ...FIELDS, age: 37 }, ChipFace: IMAGE.toString('base64') })],
    [400, ws({ NewState: 'EMPTY' })],
  ]);
  t.same(kinds(outputs), ['card'], 'EMPTY after a whole card says nothing');
  const card = outputs[0]!.type === 'card' ? outputs[0]!.card : null;
  t.same(card!.fields, FIELDS);
  t.same(Object.keys(card!.raw!), ['image']);
  t.ok(card!.raw!.image!.equals(IMAGE));
  t.equal(card!.at, 300);
  t.same(state, IDLE);
});

t.test('ws-events: a CARD_RESULT without ChipFace has no raw files; without READ it is still a card', async (t) => {
  const { outputs } = run([[0, ws({ EventName: 'CARD_RESULT', PersonalInfo: FIELDS })]]);
  t.same(outputs, [{ type: 'card', card: { fields: FIELDS, raw: null, at: 0 } }]);
});

t.test('ws-events: Status FAILURE is cardFailed; EMPTY with a card pending is incomplete', async (t) => {
  t.same(
    kinds(
      run([
        [0, ws({ EventName: 'READ' })],
        [10, ws({ EventName: 'CARD_RESULT', Status: 'FAILURE' })],
        [20, ws({ NewState: 'EMPTY' })],
      ]).outputs,
    ),
    ['cardFailed'],
  );
  t.same(
    run([
      [0, ws({ EventName: 'READ' })],
      [10, ws({ NewState: 'EMPTY' })],
    ]).outputs,
    [{ type: 'failure', failure: { kind: 'incomplete', at: 10 } }],
  );
  t.same(
    kinds(
      run([
        [0, ws({ EventName: 'READ' })],
        [10, ws({ EventName: 'READ' })],
      ]).outputs,
    ),
    ['incomplete'],
    'a second READ cuts the first card short',
  );
});

t.test('ws-events: malformed messages, and unknown ones ignored', async (t) => {
  const bad = [ws('READ'), ws(null), ws([1]), ws({ EventName: 'CARD_RESULT' }), ws({ EventName: 'CARD_RESULT', PersonalInfo: FIELDS, ChipFace: '@@@' })];
  for (const event of bad) t.same(kinds(run([[0, event]]).outputs), ['malformed'], JSON.stringify(event));
  const midCard = run([
    [0, ws({ EventName: 'READ' })],
    [10, { type: 'unreadable' }],
  ]);
  t.same(kinds(midCard.outputs), ['malformed'], 'bad JSON');
  t.same(midCard.state, IDLE, 'ends the pending card: one failure');
  const unknown = run([
    [0, ws({ EventName: 'READ' })],
    [10, ws({ EventName: 'CARD_INSERTED' })],
    [20, ws({ NewState: 'PRESENT' })],
  ]);
  t.same(unknown.outputs, []);
  t.equal(deadlineOf(unknown.state), TIMEOUT, 'the card is still pending');
});

t.test('ws-events: after the deadline the late CARD_RESULT is swallowed', async (t) => {
  t.same(
    kinds(
      run([
        [0, ws({ EventName: 'READ' })],
        [TIMEOUT + 1, ws({ EventName: 'CARD_RESULT', PersonalInfo: FIELDS })],
        [TIMEOUT + 2, ws({ NewState: 'EMPTY' })],
      ]).outputs,
    ),
    ['incomplete'],
  );
});

t.test('CardAssembler keeps the state, tells its deadline, and resets without a failure', async (t) => {
  const a = new CardAssembler(TIMEOUT);
  t.equal(a.deadline, null);
  t.same(a.feed(id1, 5), []);
  t.equal(a.deadline, 5 + TIMEOUT);
  a.reset();
  t.same(a.state, IDLE);
  t.same(a.feed({ type: 'tick' }, 5 + TIMEOUT), [], 'nothing was pending any more');
  t.throws(() => new CardAssembler(0), TypeError);
});
