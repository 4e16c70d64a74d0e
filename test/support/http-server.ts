import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from './app';

export interface TestServer extends TestApp {
  /** `http://127.0.0.1:<port>`, the port picked by the OS. */
  baseUrl: string;
}

/**
 * The app of startTestApp() (same database set-up and dependencies, response validation on),
 * listening on a free port of 127.0.0.1 for clients that need a URL: the SDK, a browser.
 * supertest keeps using the same server: it only listens itself when the server is not.
 */
export async function startTestServer(): Promise<TestServer> {
  const testApp = await startTestApp();
  // supertest.agent(app) wraps the express app in an http.Server it keeps as `app`; reusing it
  // keeps one place (startTestApp) that knows how the app is built for tests.
  const server = (testApp.api as unknown as { app?: unknown }).app;
  if (!(server instanceof http.Server)) {
    await testApp.close();
    throw new Error('startTestServer: supertest no longer exposes its http.Server as agent.app; build the server here instead.');
  }
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await testApp.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    ...testApp,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      // fetch keeps connections alive; without this, close() would wait for them to time out.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      await testApp.close();
    },
  };
}
