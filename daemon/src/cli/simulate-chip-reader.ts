// `tiepnhan simulate chip-reader`: a simulated chip reader service on its own (the HN212's
// documented port 8000 by default, loopback only), for trying `start --chip-reader` without a reader.
// Each stdin line `card [FAULT]` presents a card signed by its test issuer; `--csca-out` writes that
// issuer's CSCA so a trial can install it as chip.cscaFile and see "issuer".

import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { CHIP_CARD_SIM_FAULTS, SimulatedChipReader, type ChipCardSimFault } from '../../../simulators/src/chip/chip-sim.ts';

export interface ChipReaderServiceOptions {
  readonly port: string;
  readonly portGiven: boolean;
  readonly protocol: string;
  readonly 'csca-out'?: string;
}

export async function runChipReaderService(o: ChipReaderServiceOptions): Promise<number> {
  if (o.protocol !== 'hn212-socketio' && o.protocol !== 'ws-events') {
    process.stderr.write(`--protocol ${o.protocol}: hn212-socketio hoặc/or ws-events\n`);
    return 2;
  }
  const sim = new SimulatedChipReader({ protocol: o.protocol, port: o.portGiven ? Number(o.port) : 8000 });
  const url = await sim.start();
  if (o['csca-out']) await writeFile(o['csca-out'], sim.csca.pem);
  process.stdout.write(`SIMULATED chip reader service (đầu đọc chip MÔ PHỎNG) at ${url}\n`);
  process.stdout.write(`type: card [${CHIP_CARD_SIM_FAULTS.join('|')}]\n`);
  const lines = createInterface({ input: process.stdin });
  const stop = (): void => lines.close();
  process.once('SIGINT', stop).once('SIGTERM', stop);
  for await (const line of lines) {
    const [word, fault] = line.trim().split(/\s+/);
    if (word !== 'card' || (fault !== undefined && !(CHIP_CARD_SIM_FAULTS as readonly string[]).includes(fault))) {
      process.stderr.write(`? ${line.trim()} (card [${CHIP_CARD_SIM_FAULTS.join('|')}])\n`);
      continue;
    }
    await sim.present(fault as ChipCardSimFault | undefined);
    process.stdout.write(`presented${fault ? ` (${fault})` : ''} to ${sim.service.clients} reader(s)\n`);
  }
  await sim.stop();
  return 0;
}
