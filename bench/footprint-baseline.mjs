// The footprint bench's baseline: the product card's own libraries (fastify, socket.io, sqlite3,
// serialport, pino) loaded, a database open and the server listening with socket.io attached, and
// nothing of tiepnhan. Prints the port once listening.
import Fastify from 'fastify';
import { pino } from 'pino';
import { SerialPort } from 'serialport';
import { Server } from 'socket.io';
import sqlite3 from 'sqlite3';

const log = pino({ level: 'info' }, pino.destination('/dev/null'));
const db = new sqlite3.Database(process.argv[2] ?? ':memory:');
await new Promise((resolve, reject) => db.exec('PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS t (x)', (err) => (err ? reject(err) : resolve())));
const app = Fastify({ logger: false });
app.get('/api/health', async () => ({ status: 'ok', serialport: typeof SerialPort }));
const io = new Server(app.server);
io.on('connection', () => log.info('socket'));
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${app.server.address().port}\n`);
