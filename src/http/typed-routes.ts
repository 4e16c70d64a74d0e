import type { Request, RequestHandler, Response, Router } from 'express';
import type { paths } from '../../generated/openapi';

/**
 * Routes typed by their path in openapi.yaml: the path string and the method pick the generated
 * operation, so `req.params`, `req.query`, `req.body` and `res.json()` are checked against the
 * contract, and a path the contract does not have does not compile. One fact, not two.
 */
type Path = keyof paths;
type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';
/** The methods openapi.yaml defines for a path. */
export type MethodOf<P extends Path> = { [M in Method]: paths[P][M] extends { responses: unknown } ? M : never }[Method];
type OperationAt<P extends Path, M extends MethodOf<P>> = paths[P][M];

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type PathOf<O> = O extends { parameters: { path: infer P } } ? (P extends object ? P : object) : object;
type QueryOf<O> = O extends { parameters: { query?: infer Q } } ? NonNullable<Q> : object;
type BodyOf<O> = O extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;
type ResponseOf<O> = O extends { responses: infer R } ? { [S in keyof R]: Json<R[S]> }[keyof R] : never;

export type RouteRequest<P extends Path, M extends MethodOf<P>> = Request<PathOf<OperationAt<P, M>>, ResponseOf<OperationAt<P, M>>, BodyOf<OperationAt<P, M>>, QueryOf<OperationAt<P, M>>>;
export type RouteResponse<P extends Path, M extends MethodOf<P>> = Response<ResponseOf<OperationAt<P, M>>>;

/** `/api/patients/{id}` (OpenAPI) as express writes it: `/api/patients/:id`. */
export function expressPath(path: string): string {
  return path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}

/**
 * Adds the handler of `method path` to `router`. Express 5 passes a rejected promise to the
 * error handler itself, so the handler is mounted as it is.
 */
export function route<P extends Path, M extends MethodOf<P>>(
  router: Router,
  method: M,
  path: P,
  handler: (req: RouteRequest<P, M>, res: RouteResponse<P, M>) => void | Promise<void>,
): void {
  router[method](expressPath(path), handler as unknown as RequestHandler);
}

/**
 * The query with the parameters whose defaults openapi.yaml declares, as express-openapi-validator
 * left it. Throws (a 500, loudly) if a default is missing: the validator has stopped applying
 * them, which Express 5's `req.query` getter has broken in some versions of it.
 */
export function withDefaults<Q extends object, K extends keyof Q>(query: Q, keys: readonly K[]): Q & Required<Pick<Q, K>> {
  for (const key of keys) {
    if (query[key] === undefined) throw new Error(`query parameter ${String(key)} has no value: its openapi.yaml default was not applied`);
  }
  return query as Q & Required<Pick<Q, K>>;
}
