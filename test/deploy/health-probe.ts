import { execFile } from 'node:child_process';
import http from 'node:http';
import type net from 'node:net';

/**
 * Runs a container health check command in exec form, as Docker does, with PORT set: it must
 * need nothing but what the image has (node). Resolves to the exit code.
 */
export function runHealthCheck(command: string[], port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const child = execFile(command[0]!, command.slice(1), { env: { PATH: process.env.PATH, PORT: String(port) }, timeout: 10_000 });
    child.on('exit', (code) => resolve(code));
  });
}

export interface StubService {
  port: number;
  /** The request paths it was asked for, in order. */
  paths: string[];
  close(): Promise<void>;
}

/** A stand-in for the service on a free loopback port, answering `status` on every path. */
export async function stubService(status: number): Promise<StubService> {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    paths,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Asserts what a health check must do: exit 0 while `path` answers 200 (and ask that path only),
 * exit non-zero on 503 and when nothing listens.
 */
export async function expectHealthCheckOf(command: string[], path: string): Promise<void> {
  const healthy = await stubService(200);
  try {
    expect(await runHealthCheck(command, healthy.port)).toBe(0);
    expect(healthy.paths).toEqual([path]);
  } finally {
    await healthy.close();
  }
  const failing = await stubService(503);
  try {
    expect(await runHealthCheck(command, failing.port)).toBe(1);
  } finally {
    await failing.close();
  }
  expect(await runHealthCheck(command, failing.port)).toBe(1);
}
