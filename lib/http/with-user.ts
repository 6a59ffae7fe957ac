// Route handlers for the dashboard's API (the shape of dub's withWorkspace/withSession):
//
//   export const POST = withUser(async ({ user, params, body }) => ..., { params: schema, body: schema });
//
// The wrapper refuses a write that is cross-origin (403) or not JSON (415) first
// (lib/http/same-origin.ts), authenticates (401 without a session, 403 for a recruiter
// when `role` is ADMIN), then parses the path's parameters (404 with `notFound` when they do not parse),
// the query and the JSON body (400 when it is not JSON, 422 when it does not fit the
// schema), calls the handler and maps whatever it throws (lib/http/errors.ts). The handler
// returns a Response, or an object answered as JSON.
import type { z } from 'zod';
import { DomainError } from '../errors';
import { requireAdmin, requireUser, type SessionUser } from '../auth/session';
import { readJson } from './read-body';
import { assertSameOriginWrite } from './same-origin';
import { route, type RawParams, type Result, type RouteHandler } from './route';

type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

export interface UserRouteOptions<P extends Schema, Q extends Schema, B extends Schema> {
  /** ADMIN: recruiters get 403. */
  role?: 'ADMIN';
  /** The path's parameters; when they do not parse, the answer is 404 with `notFound`. */
  params?: P;
  notFound?: string;
  /** The query string, as an object of its last values; 422 when it does not parse. */
  query?: Q;
  /** The JSON body; 400 when it is not JSON, 422 when it does not parse. */
  body?: B;
}

export interface UserRequest<P extends Schema, Q extends Schema, B extends Schema> {
  request: Request;
  user: SessionUser;
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
  searchParams: URLSearchParams;
}

export function withUser<P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined>(
  handler: (input: UserRequest<P, Q, B>) => Promise<Result>,
  options: UserRouteOptions<P, Q, B> = {},
): RouteHandler {
  return route(async (request, rawParams) => {
    assertSameOriginWrite(request);
    const user = options.role === 'ADMIN' ? await requireAdmin() : await requireUser();
    const params = parseParams(options.params, rawParams, options.notFound);
    const searchParams = new URL(request.url).searchParams;
    const query = options.query ? options.query.parse(Object.fromEntries(searchParams)) : undefined;
    const body = options.body ? options.body.parse(await readJson(request)) : undefined;
    return handler({ request, user, params, query, body, searchParams } as UserRequest<P, Q, B>);
  });
}

/** withUser for admins only. */
export function withAdmin<P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined>(
  handler: (input: UserRequest<P, Q, B>) => Promise<Result>,
  options: Omit<UserRouteOptions<P, Q, B>, 'role'> = {},
): RouteHandler {
  return withUser(handler, { ...options, role: 'ADMIN' });
}

function parseParams(schema: Schema, raw: RawParams, notFound = 'There is no such thing.'): unknown {
  if (!schema) return undefined;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new DomainError('not_found', notFound);
  return parsed.data;
}
