import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../../bench/processes';

const run = promisify(execFile);

/**
 * The soak's own Kafka broker (scripts/kafka/start.sh on another port, data in the run's
 * folder so a broker killed with SIGKILL comes back with its log): the shared broker on 9092 is
 * never touched.
 */
export class OwnBroker {
  constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {}

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  private env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return { ...process.env, KAFKA_PORT: String(this.port), KAFKA_DATA_DIR: this.dataDir, KAFKA_SASL_SSL: '0', ...extra };
  }

  async start(): Promise<void> {
    await run('bash', [path.join(ROOT, 'scripts/kafka/start.sh')], { env: this.env(), timeout: 180_000 });
  }

  /** SIGKILL (a crash); the data stays for the next start. */
  async kill(): Promise<void> {
    await run('bash', [path.join(ROOT, 'scripts/kafka/stop.sh')], { env: this.env({ KAFKA_STOP_SIGNAL: 'KILL' }), timeout: 60_000 });
  }

  async stop(): Promise<void> {
    await run('bash', [path.join(ROOT, 'scripts/kafka/stop.sh')], { env: this.env(), timeout: 60_000 });
  }
}
