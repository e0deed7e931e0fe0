// The facility's own CA and the server certificates it signs (`tiepnhan tls init`): the CA may sign
// and nothing else, the server certificate names every host name and address (browsers match only
// those), serves TLS only, chains to the CA, and lives 825 days; two CAs never share a serial.

import { X509Certificate } from 'node:crypto';
import t from 'tap';
import { fingerprint, issueServer, makeCa, SERVER_DAYS } from '../../../../daemon/src/cli/local-ca.ts';

const NOW = new Date('2026-12-07T03:00:00Z');
const ca = makeCa('tiepnhan.bv.local', NOW);
const caCert = new X509Certificate(ca.certPem);

t.test('the CA: a CA for ten years, named after the daemon, self-signed', async (t) => {
  t.equal(caCert.ca, true);
  t.match(caCert.subject, /CN=tiepnhan local CA \(tiepnhan\.bv\.local\)/);
  t.equal(caCert.issuer, caCert.subject);
  t.ok(caCert.verify(caCert.publicKey));
  t.equal(new Date(caCert.validTo).getUTCFullYear(), 2036);
  t.ok(new Date(caCert.validFrom) < NOW, 'valid already for a desk clock a little behind');
  t.equal(fingerprint(ca.certPem), caCert.fingerprint256);
  t.not(new X509Certificate(makeCa('tiepnhan.bv.local', NOW).certPem).serialNumber, caCert.serialNumber, 'a random serial');
});

t.test('a server certificate: every name and address, server use only, signed by the CA, 825 days', async (t) => {
  const server = new X509Certificate(issueServer(ca, ['tiepnhan.bv.local', '10.0.0.5', 'fd00::5', 'localhost'], NOW).certPem);
  t.equal(server.ca, false);
  t.equal(server.subjectAltName, 'DNS:tiepnhan.bv.local, IP Address:10.0.0.5, IP Address:FD00:0:0:0:0:0:0:5, DNS:localhost');
  t.same(server.keyUsage, ['1.3.6.1.5.5.7.3.1'], 'TLS server authentication only');
  t.ok(server.checkIssued(caCert) && server.verify(caCert.publicKey), 'chains to the CA');
  t.equal(server.checkHost('tiepnhan.bv.local'), 'tiepnhan.bv.local');
  t.equal(server.checkIP('10.0.0.5'), '10.0.0.5');
  t.equal(server.checkHost('other.bv.local'), undefined, 'no other name');
  const days = (Date.parse(server.validTo) - NOW.getTime()) / 86_400_000;
  t.ok(Math.abs(days - SERVER_DAYS) < 1, `${days.toFixed(1)} days`);
});
