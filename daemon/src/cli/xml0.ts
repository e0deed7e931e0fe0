// `tiepnhan xml0 --registration ID [--data-dir DIR] [--config FILE] [--unsigned]`: the XML0 check-in of
// a stored registration, signed with the configured signer (or not, with --unsigned), on stdout: for
// the HIS vendor and for checks (xmlsec1 --verify). Reads the site's database (WAL: safe while the
// daemon runs). A registration whose details retention erased has no XML0 any more.

import { WebhookQueue } from '../webhook/webhook-queue.ts';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { registrationXml0 } from '../checkin/checkin-service.ts';
import { createSigner } from '../checkin/signers.ts';
import { facilityCodeOf, maLkOf } from '../checkin/xml0-document.ts';
import { loadConfigFile, resolveConfig } from '../config/load.ts';
import { PatientIndex } from '../patients/patient-index.ts';
import { Registrations } from '../patients/registrations.ts';
import { CheckinRepo } from '../checkin/checkin-repo.ts';
import { Db } from '../storage/db.ts';
import { EventsRepo } from '../storage/events-repo.ts';
import { loadIdHasher } from '../storage/id-hash.ts';
import { migrate } from '../storage/migrations.ts';
import { COMMANDS } from './commands.ts';

export async function runXml0(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: COMMANDS['xml0'].options,
    strict: true,
  });
  const id = Number(values.registration);
  if (!Number.isInteger(id) || id < 1) {
    process.stderr.write('tiepnhan xml0: --registration ID (số lượt đăng ký / the registration number) is required\n');
    return 2;
  }
  const file = values.config ? await loadConfigFile(values.config) : {};
  const config = resolveConfig({ ...(file as object), ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}) }, values.config);
  const dataDir = resolve(config.dataDir);
  const dbFile = join(dataDir, 'tiepnhan.sqlite');
  if (!existsSync(dbFile)) {
    process.stderr.write(`tiepnhan xml0: không thấy cơ sở dữ liệu / no database at ${dbFile}\n`);
    return 2;
  }
  const db = await Db.open(dbFile);
  try {
    await migrate(db);
    const events = new EventsRepo(db);
    const index = new PatientIndex({ db, hashId: await loadIdHasher(dataDir, { mayCreate: false }), now: () => new Date() });
    const reg = await new Registrations({ db, events, index, config, checkins: new CheckinRepo(db), webhook: new WebhookQueue(db), now: () => new Date() }).get(
      id,
    );
    const ev = reg && (await events.stored(reg.eventId));
    if (!reg || !ev?.identity) {
      process.stderr.write(`tiepnhan xml0: không có lượt đăng ký ${id} (hoặc đã xoá thông tin) / no registration ${id} (or its details were erased)\n`);
      return 2;
    }
    const signing = values.unsigned ? null : config.checkin.signing;
    const signer = signing ? await createSigner(signing) : null;
    try {
      const maLk = reg.checkIn?.maLk ?? maLkOf(facilityCodeOf(config), reg);
      const { xml, problems } = await registrationXml0({ config, signer }, reg, ev, maLk, { unsigned: values.unsigned });
      for (const p of problems) process.stderr.write(`XML0: ${p}\n`);
      process.stdout.write(`${xml}\n`);
      return problems.length > 0 ? 1 : 0;
    } finally {
      await signer?.close();
    }
  } finally {
    await db.close();
  }
}
