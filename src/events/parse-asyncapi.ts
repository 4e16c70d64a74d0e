import { Worker } from 'node:worker_threads';

/** What the service needs of asyncapi.yaml: its errors, or each message's name and payload schema. */
export interface ParsedAsyncApi {
  errors: string[];
  messages: { id: string; name: string | undefined; payload: unknown }[];
}

/**
 * The parsing runs in a worker thread: @asyncapi/parser brings Spectral and its rulesets, about
 * 90 MB of heap and modules the service needs once at startup and never again. The worker's
 * isolate, and that memory with it, is gone when it ends; only the plain JSON schemas come back.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { Parser, fromFile, DiagnosticSeverity } = require(workerData.parserModule);
fromFile(new Parser(), workerData.file).parse().then(({ document, diagnostics }) => {
  const errors = diagnostics
    .filter((d) => d.severity === DiagnosticSeverity.Error)
    .map((d) => (d.path.join('.') || '(document)') + ': ' + d.message);
  if (!document && errors.length === 0) errors.push('it could not be parsed');
  const messages = document
    ? document.allMessages().all().map((m) => ({ id: m.id(), name: m.name(), payload: m.payload() ? m.payload().json() : undefined }))
    : [];
  parentPort.postMessage({ errors, messages });
}, (error) => parentPort.postMessage({ errors: [String(error && error.message || error)], messages: [] }));
`;

export function parseAsyncApi(file: string): Promise<ParsedAsyncApi> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, parserModule: require.resolve('@asyncapi/parser') },
    });
    worker.once('message', (result: ParsedAsyncApi) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the AsyncAPI parser worker exited with code ${code}`));
    });
  });
}
