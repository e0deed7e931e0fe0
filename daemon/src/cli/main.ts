// `tiepnhan <command>`: the command names and options are a contract hospitals' scripts rely on.

// Each command is loaded when it is run: `start` never loads the report writer or the image decoder.

const USAGE = `tiepnhan — tiếp nhận người bệnh bằng thẻ căn cước / reception by citizen ID card

  tiepnhan start [--port 7300] [--data-dir ./data] [--serial PATH[@BAUD]]… [--no-simulators] [--config FILE]
  tiepnhan parse [--hex] [--search]          one payload per line on stdin -> one JSON object per line
  tiepnhan simulate scan "<payload>" [--device sim-1] [--port 7300] [--encoding utf8|cp1252]
  tiepnhan gateway-sim [--port 7400] [--seed N] [--latency-ms MEDIAN] [--fault none|timeout|http500|malformed|outage]
                       [--token-expiry http401|body401] [--identities] [--cert FILE.pem]…
  tiepnhan report [--period YYYY-MM | --from YYYY-MM-DD --to YYYY-MM-DD] --format xlsx|csv|html|json|md|txt
                  [--data-dir DIR | --hub URL [--token T]] [--config FILE] [--out FILE]
                                                Phụ lục 03 (CSV/JSON/MD/TXT to stdout without --out)
  tiepnhan xml0 --registration ID [--data-dir DIR] [--config FILE] [--unsigned]
                                                the XML0 check-in of a stored registration
  tiepnhan decode-image <file.png|jpg>…         decode card QR photos: one {"file","ok","text"} line each
  tiepnhan hub [--port 7310] [--host 127.0.0.1] [--db sqlite:FILE | postgres://…] [--config FILE]
`;

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
        return await (await import('./hub.ts')).runHub(rest);
      case 'xml0':
        return await (await import('./xml0.ts')).runXml0(rest);
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
