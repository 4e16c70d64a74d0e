/** The IPC message a cluster worker sends its primary once its HTTP server listens. */
export const WORKER_READY = 'patient-service:worker-ready';

export function isWorkerReady(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === WORKER_READY;
}
