import net from 'node:net';

/**
 * A loopback TCP proxy in front of PostgreSQL that records the SQL every client sends (the
 * frontend protocol's Parse, Bind and simple Query messages), tagged with the connection's
 * `application_name`. It lets the bench check, on the wire, that the baseline sends the very
 * statements the service sends, instead of claiming it. Only used for the short capture pass,
 * never under load.
 */
export interface CapturedStatement {
  /** `application_name` of the connection (the service's pool says `patient-service`). */
  application: string;
  sql: string;
  /** Text-format parameters of the statement (Bind), null for SQL NULL. */
  params: (string | null)[];
}

export interface SqlCapture {
  /** postgres:// URL that goes through the proxy (same credentials and database). */
  url: string;
  /** Everything captured so far, in arrival order. */
  readonly statements: readonly CapturedStatement[];
  /** Connections whose traffic could not be read (TLS). */
  readonly opaqueConnections: number;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

function cString(buffer: Buffer, offset: number): [string, number] {
  const end = buffer.indexOf(0, offset);
  if (end < 0) throw new Error('unterminated string in a PostgreSQL message');
  return [buffer.toString('utf8', offset, end), end + 1];
}

/** Reads the frontend (client to server) byte stream of one connection. */
class FrontendReader {
  private pending: Buffer = Buffer.alloc(0);
  private startupDone = false;
  opaque = false;
  application = '';
  /** Unnamed and named prepared statements of this connection: name -> SQL. */
  private readonly prepared = new Map<string, string>();

  constructor(private readonly record: (statement: CapturedStatement) => void) {}

  push(chunk: Buffer): void {
    if (this.opaque) return;
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    try {
      this.drain();
    } catch {
      this.opaque = true;
    }
  }

  private drain(): void {
    for (;;) {
      if (!this.startupDone) {
        if (this.pending.length < 8) return;
        // A TLS ClientHello after an SSLRequest that the server accepted: unreadable.
        if (this.pending[0] === 0x16) {
          this.opaque = true;
          return;
        }
        const length = this.pending.readInt32BE(0);
        if (this.pending.length < length) return;
        const message = this.pending.subarray(0, length);
        this.pending = this.pending.subarray(length);
        const code = message.readInt32BE(4);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) continue;
        if (code === CANCEL_REQUEST) return;
        this.startup(message);
        this.startupDone = true;
        continue;
      }
      if (this.pending.length < 5) return;
      const type = String.fromCharCode(this.pending[0]!);
      const length = this.pending.readInt32BE(1);
      if (this.pending.length < 1 + length) return;
      const body = this.pending.subarray(5, 1 + length);
      this.pending = this.pending.subarray(1 + length);
      this.message(type, body);
    }
  }

  private startup(message: Buffer): void {
    let offset = 8;
    while (offset < message.length && message[offset] !== 0) {
      const [key, next] = cString(message, offset);
      const [value, after] = cString(message, next);
      if (key === 'application_name') this.application = value;
      offset = after;
    }
  }

  private message(type: string, body: Buffer): void {
    if (type === 'Q') {
      this.record({ application: this.application, sql: cString(body, 0)[0], params: [] });
    } else if (type === 'P') {
      const [name, next] = cString(body, 0);
      this.prepared.set(name, cString(body, next)[0]);
    } else if (type === 'B') {
      let [, offset] = cString(body, 0);
      const [statement, afterName] = cString(body, offset);
      offset = afterName;
      const formatCount = body.readInt16BE(offset);
      offset += 2 + 2 * formatCount;
      const paramCount = body.readInt16BE(offset);
      offset += 2;
      const params: (string | null)[] = [];
      for (let i = 0; i < paramCount; i += 1) {
        const size = body.readInt32BE(offset);
        offset += 4;
        if (size < 0) {
          params.push(null);
        } else {
          params.push(body.toString('utf8', offset, offset + size));
          offset += size;
        }
      }
      this.record({ application: this.application, sql: this.prepared.get(statement) ?? '(unknown prepared statement)', params });
    }
  }
}

/** Starts the proxy on a free loopback port in front of `databaseUrl`. */
export async function startSqlCapture(databaseUrl: string): Promise<SqlCapture> {
  const target = new URL(databaseUrl);
  const statements: CapturedStatement[] = [];
  const sockets = new Set<net.Socket>();
  let opaqueConnections = 0;

  const server = net.createServer((client) => {
    const upstream = net.connect({ host: target.hostname, port: Number(target.port || 5432) });
    const reader = new FrontendReader((statement) => statements.push(statement));
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      reader.push(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = (): void => {
      if (reader.opaque) opaqueConnections += 1;
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);

  return {
    url: url.toString(),
    statements,
    get opaqueConnections() {
      return opaqueConnections;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Statements that read or write the patients table (the ones the baseline must share). */
export function touchesPatients(sql: string): boolean {
  return /\b(from|into|update|join)\s+"?patients"?(\s|$|,|\))/i.test(sql);
}
