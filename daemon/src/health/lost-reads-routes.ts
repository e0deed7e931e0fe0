// POST /api/storage/lost-reads/acknowledge (technician): the technician has seen the reads lost while
// the disk was full (/tech shows them with the storage status). Every loss written so far is
// acknowledged, audited (acknowledgeLostReads), and the daemon's status may say ok again.

import type { FastifyInstance } from 'fastify';
import { auditChange, type AuditView } from '../http-kit/caller.ts';
import type { LostReads } from '../storage/lost-reads.ts';
import type { Text } from '../storage/storage-messages.ts';

export interface LostReadsRouteDeps {
  readonly lost: Pick<LostReads, 'acknowledge' | 'status'>;
  readonly now: () => Date;
  readonly audit: AuditView;
}

const acknowledged = (n: number, left: number): Text => ({
  vi: `Đã xác nhận ${n} lượt đọc không lưu được.${left > 0 ? ` Còn ${left} lượt đang chờ ghi (ổ đĩa vẫn đầy).` : ''}`,
  en: `${n} lost read(s) acknowledged.${left > 0 ? ` ${left} more wait to be recorded (the disk is still full).` : ''}`,
});

export async function lostReadsRoutes(app: FastifyInstance, deps: LostReadsRouteDeps): Promise<void> {
  app.post('/api/storage/lost-reads/acknowledge', async (req) => {
    const n = await deps.lost.acknowledge(req.caller?.id ?? 'local', deps.now());
    auditChange(deps.audit, req.caller, { action: 'acknowledgeLostReads', desk: '', eventId: null, idHash: null, subject: `lost reads ${n}` });
    const lost = deps.lost.status.count;
    return { acknowledged: n, lost, ...acknowledged(n, lost) };
  });
}
