// A signing certificate's subject and expiry, for health (30 days' warning) and the start log. Kept
// apart from the signers so the daemon loads xml-crypto and node-forge only when check-in is on.

import { X509Certificate } from 'node:crypto';

export function certificateInfo(pem: string, now: Date): { subject: string; validTo: string; daysLeft: number } {
  const cert = new X509Certificate(pem);
  const validTo = new Date(cert.validTo);
  return { subject: cert.subject.replace(/\n/g, ', '), validTo: validTo.toISOString(), daysLeft: Math.floor((validTo.getTime() - now.getTime()) / 86_400_000) };
}
