// The one place that maps a configured chip protocol to its transport, so the daemon's wiring names
// a protocol (from the configuration) and never a class.

import { CHIP_PROTOCOLS, type ChipReaderTransport, type ChipTransportOptions } from './chip-transport.ts';
import { Hn212SocketIoTransport } from './hn212-socketio-transport.ts';
import { WsEventsTransport } from './ws-events-transport.ts';

/** A transport for `options.protocol`, not opened yet (the owner calls `open()`). */
export function openChipTransport(options: ChipTransportOptions): ChipReaderTransport {
  // The protocol comes from a configuration file: checked here as well as by the type.
  switch (options.protocol) {
    case 'hn212-socketio':
      return new Hn212SocketIoTransport(options);
    case 'ws-events':
      return new WsEventsTransport(options);
    default:
      throw new TypeError(`unknown chip reader protocol "${String(options.protocol)}" (known: ${CHIP_PROTOCOLS.join(', ')})`);
  }
}
