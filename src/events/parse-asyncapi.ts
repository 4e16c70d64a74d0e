import { execFile } from 'node:child_process';

/** What the service needs of asyncapi.yaml: its errors, or each message's name and payload schema. */
export interface ParsedAsyncApi {
  errors: string[];
  messages: { id: string; name: string | undefined; payload: unknown }[];
}

/**
 * The parsing runs in a short-lived child process: @asyncapi/parser brings Spectral and its
 * rulesets, about 90 MB of heap and modules the service needs once at startup and never again.
 * A worker thread freed its heap but not the memory its allocator had taken (the service's RSS
 * stayed ~45 MB higher, issue 11); a process gives all of it back. Only the plain JSON schemas
 * come back, on its stdout.
 */
const CHILD_SOURCE = `
const [file, parserModule] = process.argv.slice(1);
const { Parser, fromFile, DiagnosticSeverity } = require(parserModule);
const reply = (result) => process.stdout.write(JSON.stringify(result));
fromFile(new Parser(), file).parse().then(({ document, diagnostics }) => {
  const errors = diagnostics
    .filter((d) => d.severity === DiagnosticSeverity.Error)
    .map((d) => (d.path.join('.') || '(document)') + ': ' + d.message);
  if (!document && errors.length === 0) errors.push('it could not be parsed');
  const messages = document
    ? document.allMessages().all().map((m) => ({ id: m.id(), name: m.name(), payload: m.payload() ? m.payload().json() : undefined }))
    : [];
  reply({ errors, messages });
}, (error) => reply({ errors: [String(error && error.message || error)], messages: [] }));
`;

export function parseAsyncApi(file: string): Promise<ParsedAsyncApi> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', CHILD_SOURCE, file, require.resolve('@asyncapi/parser')],
      { maxBuffer: 16 * 1024 * 1024, timeout: 60_000, env: { PATH: process.env.PATH ?? '' } },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`the AsyncAPI parser process failed (${error.message.split('\n')[0]}): ${stderr.trim().slice(0, 500)}`));
          return;
        }
        try {
          resolve(JSON.parse(stdout) as ParsedAsyncApi);
        } catch {
          reject(new Error(`the AsyncAPI parser process printed no result: ${stderr.trim().slice(0, 500)}`));
        }
      },
    );
  });
}
