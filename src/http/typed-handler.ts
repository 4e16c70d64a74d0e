import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { operations } from '../../generated/openapi';

/**
 * Express handler types filled from the generated `operations`: path parameters, query, body
 * and the JSON response of each operation are checked against openapi.yaml at compile time.
 */
type Operation = keyof operations;
type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

type PathOf<O extends Operation> = operations[O]['parameters'] extends { path: infer P } ? (P extends object ? P : object) : object;
type QueryOf<O extends Operation> = NonNullable<operations[O]['parameters']['query']>;
type BodyOf<O extends Operation> = operations[O] extends { requestBody: infer B } ? Json<NonNullable<B>> : never;
type ResponseOf<O extends Operation> = { [S in keyof operations[O]['responses']]: Json<operations[O]['responses'][S]> }[keyof operations[O]['responses']];

export type OperationRequest<O extends Operation> = Request<PathOf<O>, ResponseOf<O>, BodyOf<O>, QueryOf<O>>;
export type OperationResponse<O extends Operation> = Response<ResponseOf<O>>;

/**
 * Wraps an async handler of operation `O`: its types come from the contract, and a rejection
 * reaches the central error handler (Express 4 does not catch rejected promises itself).
 */
export function operation<O extends Operation>(
  handler: (req: OperationRequest<O>, res: OperationResponse<O>) => Promise<void>,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    handler(req as unknown as OperationRequest<O>, res as OperationResponse<O>).catch(next);
  };
}
