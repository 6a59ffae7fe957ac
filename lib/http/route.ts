// What every route wrapper shares: await Next's params, run the handler, turn a returned
// object into JSON and anything thrown into lib/http/errors.ts's answer, logged under the
// route's own name.
import { errorResponse } from './errors';
import { jsonResponse } from './responses';

export type RawParams = Record<string, string | string[] | undefined>;
/** The second argument Next.js 16 passes to a route handler. */
export interface RouteContext {
  params: Promise<RawParams>;
}
export type RouteHandler = (request: Request, context: RouteContext) => Promise<Response>;
/** A handler's result: a Response as it is, anything else as 200 JSON. */
export type Result = Response | object;

/**
 * The route's pattern from the request, for logs: `POST /api/conversations/:id/:action`.
 * Each path segment that holds a parameter's value is replaced by the parameter's name.
 */
export function routeName(request: Request, params: RawParams): string {
  const names = Object.entries(params).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  const pattern = new URL(request.url).pathname
    .split('/')
    .map((segment) => {
      const at = names.findIndex(([, value]) => value === safeDecode(segment));
      return at < 0 ? segment : `:${names.splice(at, 1)[0]![0]}`;
    })
    .join('/');
  return `${request.method} ${pattern}`;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function route(handler: (request: Request, params: RawParams) => Promise<Result>): RouteHandler {
  return async (request, context) => {
    const params = (await context?.params) ?? {};
    try {
      const result = await handler(request, params);
      return result instanceof Response ? result : jsonResponse(result);
    } catch (error) {
      return errorResponse(error, routeName(request, params));
    }
  };
}
