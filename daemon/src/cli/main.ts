// `tiepnhan <command>`: the command names and options are a contract hospitals' scripts rely on
// (declared in commands.ts).

import { usageText } from './commands.ts';

// Each command is loaded when it is run: `start` never loads the report writer or the image decoder.

const USAGE = usageText();

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        return await (await import('./start.ts')).runStart(rest);
      case 'parse':
        return await (await import('./parse.ts')).runParse(rest);
      case 'simulate':
        return await (await import('./simulate.ts')).runSimulate(rest);
      case 'gateway-sim':
        return await (await import('./gateway-sim.ts')).runGatewaySim(rest);
      case 'report':
        return await (await import('./report.ts')).runReport(rest);
      case 'hub':
        return await (await import('../../../hub/src/main.ts')).runHub(rest);
      case 'xml0':
        return await (await import('./xml0.ts')).runXml0(rest);
      case 'tls':
        return await (await import('./tls-init.ts')).runTls(rest);
      case 'decode-image':
        return await (await import('./decode-image.ts')).runDecodeImage(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        process.stderr.write(`Lệnh không hợp lệ / unknown command: ${command}\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    process.stderr.write(`tiepnhan ${command}: ${(err as Error).message}\n`);
    return 1;
  }
}
