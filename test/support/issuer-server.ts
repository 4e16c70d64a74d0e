import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { testSigningKey } from './tokens';

/**
 * The test key pair published over loopback HTTP as an issuer does it (discovery document and
 * JWKS), so that a service process started with NODE_ENV=production and OIDC_ISSUER verifies
 * test tokens along the same remote-key path it uses with a real identity provider (that one,
 * Keycloak, is tested in test/idp). One per test file, closed by the process's end.
 */
let started: Promise<string> | undefined;

export function testIssuerUrl(): Promise<string> {
  started ??= (async () => {
    const { publicJwk } = await testSigningKey();
    const server = http.createServer((req, res) => {
      const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const body = req.url === '/.well-known/openid-configuration' ? { issuer, jwks_uri: `${issuer}/jwks` } : req.url === '/jwks' ? { keys: [publicJwk] } : undefined;
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    server.unref();
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  })();
  return started;
}
