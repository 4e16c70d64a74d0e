/** A real server some tests need (Kafka, Keycloak, Redis): whether it is there, and how to get it. */
export interface RequiredServer {
  /** As the `it` of a missing server says it: 'a Kafka broker'. */
  what: string;
  /** The variable that names it, e.g. KAFKA_BROKERS; the server is there when it is set. */
  variable: string;
  available: boolean;
  /** The REQUIRE_ variable CI sets, e.g. REQUIRE_KAFKA. */
  requireVariable: string;
  howTo: string;
}

/**
 * `describe` for tests against a real server. Without it they are skipped with a note on how to
 * run them, unless its REQUIRE_ variable is 1 (CI), where a missing server fails the run.
 */
export function describeWithServer(server: RequiredServer, name: string, body: () => void): void {
  if (server.available) {
    describe(name, body);
  } else if (process.env[server.requireVariable] === '1') {
    describe(name, () => {
      it(`has ${server.what} (${server.requireVariable}=1)`, () => {
        throw new Error(`${server.requireVariable}=1 but ${server.variable} is not set. ${server.howTo}`);
      });
    });
  } else {
    console.warn(`Skipping "${name}". ${server.howTo}`);
    describe.skip(name, body);
  }
}
