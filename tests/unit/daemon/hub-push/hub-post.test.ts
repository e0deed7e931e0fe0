// A push goes to the hub over plain http on loopback, or over https trusting the district's own CA
// (`hub.ca`) and nothing else: a hub whose certificate the site cannot check is refused, with the
// TLS error's code for health; a hub that does not answer is given up after the time-out.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { issueServer, makeCa } from '../../../../daemon/src/cli/local-ca.ts';
import { hubPost } from '../../../../daemon/src/hub-push/hub-post.ts';

const CA = makeCa('hub.so-y-te.local', new Date());
const SERVER = issueServer(CA, ['127.0.0.1'], new Date());

async function listen(t: Test, server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  return (server.address() as AddressInfo).port;
}

const echo = (req: IncomingMessage, res: ServerResponse): void => {
  let body = '';
  req.on('data', (d: Buffer) => (body += d.toString('utf8')));
  req.on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ got: body, auth: req.headers.authorization })));
};

async function caFile(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-hubca-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'ca.crt'), CA.certPem);
  return join(dir, 'ca.crt');
}

t.test('over https, trusting the configured CA: the body and the token arrive', async (t) => {
  const port = await listen(t, createHttpsServer({ key: SERVER.keyPem, cert: SERVER.certPem }, echo));
  const post = hubPost({ caFile: await caFile(t), timeoutMs: 5_000 });
  const r = await post(new URL(`https://127.0.0.1:${port}/api/hub/push`), '{"siteId":"bv01"}', { authorization: 'Bearer site-token' });
  t.equal(r.status, 201);
  t.same(JSON.parse(r.text), { got: '{"siteId":"bv01"}', auth: 'Bearer site-token' });
});

t.test('a hub whose certificate the site cannot check is refused, with the TLS code', async (t) => {
  const port = await listen(t, createHttpsServer({ key: SERVER.keyPem, cert: SERVER.certPem }, echo));
  const post = hubPost({ caFile: null, timeoutMs: 5_000 });
  await t.rejects(post(new URL(`https://127.0.0.1:${port}/api/hub/push`), '{}', {}), { code: /UNABLE_TO_VERIFY|SELF_SIGNED|UNABLE_TO_GET_ISSUER/ });
  const other = makeCa('another district', new Date());
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-hubca-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'other.crt'), other.certPem);
  await t.rejects(
    hubPost({ caFile: join(dir, 'other.crt'), timeoutMs: 5_000 })(new URL(`https://127.0.0.1:${port}/x`), '{}', {}),
    {
      code: /UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/,
    },
    "another CA's file: refused too",
  );
  await t.rejects(
    hubPost({ caFile: join(dir, 'missing.crt'), timeoutMs: 5_000 })(new URL(`https://127.0.0.1:${port}/x`), '{}', {}),
    { code: 'ENOENT' },
    'a CA file that is not there',
  );
});

t.test('plain http to loopback, and a hub that never answers', async (t) => {
  const port = await listen(t, createHttpServer(echo));
  t.equal((await hubPost({ caFile: null, timeoutMs: 5_000 })(new URL(`http://127.0.0.1:${port}/api/hub/push`), '{}', {})).status, 201);
  const silent = await listen(
    t,
    createHttpServer(() => undefined),
  );
  await t.rejects(hubPost({ caFile: null, timeoutMs: 200 })(new URL(`http://127.0.0.1:${silent}/api/hub/push`), '{}', {}), { code: 'ETIMEDOUT' });
});
