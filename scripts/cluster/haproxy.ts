import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

/**
 * A real HAProxy (Debian's package) in front of the instances, as a cluster's load balancer:
 * round robin, an HTTP health check on /health/ready every second (down after 2 failures, up
 * after 2 successes; 5 s to answer), and retries on another server when a connection fails or a server closes
 * it without an answer (safe here: every create carries an Idempotency-Key, every update an
 * If-Match, so a request the server did apply is never applied twice).
 */
export interface Balancer {
  url: string;
  /** `server name -> status` (UP, DOWN, MAINT, ...) from HAProxy's stats socket. */
  states(): Promise<Record<string, string>>;
  waitFor(server: string, status: 'UP' | 'DOWN', timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function haproxyBinary(): string {
  for (const candidate of ['/usr/sbin/haproxy', '/usr/local/sbin/haproxy']) {
    if (spawnSync(candidate, ['-v']).status === 0) return candidate;
  }
  throw new Error('haproxy is not installed: apt-get update && apt-get install -y haproxy');
}

export async function startBalancer(dir: string, port: number, servers: { name: string; port: number }[]): Promise<Balancer> {
  const socket = path.join(dir, 'haproxy.sock');
  const config = [
    'global',
    '  maxconn 1000',
    `  stats socket ${socket} mode 600 level admin`,
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 30s',
    '  timeout server 30s',
    '  timeout http-keep-alive 2s',
    // A check answered slowly on a starved machine is not a dead server.
    '  timeout check 5s',
    '  retries 3',
    '  option redispatch 1',
    '  retry-on conn-failure empty-response',
    'frontend api',
    `  bind 127.0.0.1:${port}`,
    '  default_backend service',
    'backend service',
    '  balance roundrobin',
    '  option httpchk GET /health/ready',
    '  http-check expect status 200',
    '  default-server inter 1s fall 2 rise 2',
    ...servers.map((server) => `  server ${server.name} 127.0.0.1:${server.port} check`),
    '',
  ].join('\n');
  const file = path.join(dir, 'haproxy.cfg');
  await fs.writeFile(file, config);
  const binary = haproxyBinary();
  const check = spawnSync(binary, ['-c', '-q', '-f', file], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`haproxy refused ${file}:\n${check.stderr}${check.stdout}`);
  const log = await fs.open(path.join(dir, 'haproxy.log'), 'a');
  // -db: foreground, no daemon; the script owns the process and ends it.
  const child: ChildProcess = spawn(binary, ['-db', '-f', file], { stdio: ['ignore', log.fd, log.fd] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const command = (line: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const connection = net.createConnection(socket);
      let answer = '';
      connection.setTimeout(3_000, () => connection.destroy(new Error('haproxy stats socket timed out')));
      connection.on('connect', () => connection.end(`${line}\n`));
      connection.on('data', (chunk) => (answer += chunk.toString()));
      connection.on('end', () => resolve(answer));
      connection.on('error', reject);
    });

  const states = async (): Promise<Record<string, string>> => {
    const [header, ...rows] = (await command('show stat')).trim().split('\n');
    const columns = (header ?? '').replace(/^# /, '').split(',');
    const [pxname, svname, status] = ['pxname', 'svname', 'status'].map((name) => columns.indexOf(name));
    const result: Record<string, string> = {};
    for (const row of rows) {
      const cells = row.split(',');
      if (cells[pxname!] === 'service' && !['BACKEND', 'FRONTEND'].includes(cells[svname!]!)) result[cells[svname!]!] = (cells[status!] ?? '').split(' ')[0]!;
    }
    return result;
  };

  const balancer: Balancer = {
    url: `http://127.0.0.1:${port}`,
    states,
    async waitFor(server, status, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const now = await states().catch((): Record<string, string> => ({}));
        if (now[server] === status) return;
        if (Date.now() > deadline) throw new Error(`haproxy: ${server} not ${status} after ${timeoutMs} ms (${JSON.stringify(now)})`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      await log.close();
    },
  };
  // Up when every server passed its checks (the instances are already ready).
  const deadline = Date.now() + 20_000;
  for (;;) {
    const now = await states().catch((): Record<string, string> => ({}));
    if (servers.every((server) => now[server.name] === 'UP')) return balancer;
    if (Date.now() > deadline) {
      await balancer.stop();
      throw new Error(`haproxy did not see every server UP within 20 s: ${JSON.stringify(now)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
