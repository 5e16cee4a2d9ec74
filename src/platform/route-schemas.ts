import { z } from 'zod';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifySchemaCompiler,
  FastifyTypeProvider,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import { bodyOf, formList, formText } from './forms.ts';

/**
 * Route schemas in zod: every route declares its path parameters, and the query and form body
 * it reads, as zod schemas, and the handler gets them typed, with no casts.
 *
 * Written here rather than taken from fastify-type-provider-zod: that package asks for
 * @fastify/swagger and openapi-types as peers, which this service does not use, and what it
 * does for us is the two short pieces below.
 */
export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

/** The app, as features and platform routes see it: route schemas are zod schemas. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Validates a request part against the route's zod schema; what it parsed replaces the part. */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data);
    return result.success ? { value: result.data } : { error: result.error };
  };

/** A query or form value as text: a repeated one is its first, a missing one empty. Never fails:
 *  a site route's schema must not refuse, since Fastify validates before the site's CSRF and
 *  access checks (preHandler), and a refusal there would answer before them. What a value must
 *  be is checked in the handler, which shows the page's error summary. */
export const text = z.unknown().optional().transform(formText);

/** Values a form may send more than once (ticked boxes), as a list of texts. Never fails. */
export const list = z.unknown().optional().transform(formList);

/**
 * A form's body: the fields its handler reads, declared (as `text` or `list`), and whatever else
 * it sent kept as it came (the CSRF token, checked after; what was typed, given back when a
 * session has ended). Never fails, like `text`: the handler checks what each must be.
 */
export function formBody<S extends z.ZodRawShape>(fields: S) {
  return z.preprocess(bodyOf, z.looseObject(fields));
}

type Named<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | Named<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/** The names of a path's parameters: '/plans/:planId/goals/:goalId' has planId and goalId,
 *  and '/assets/*' has '*'. */
export type ParamNames<P extends string> = Named<P> | (P extends `${string}*` ? '*' : never);

/** The names in a path, in order. */
export function paramNames(path: string): string[] {
  const names = [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? '');
  return path.endsWith('*') ? [...names, '*'] : names;
}

/** The schema of a path's parameters, read from the path itself: each is text, none other. */
export function pathParams<P extends string>(path: P): z.ZodObject<Record<ParamNames<P>, z.ZodString>> {
  const shape: Partial<Record<ParamNames<P>, z.ZodString>> = {};
  for (const name of paramNames(path) as ParamNames<P>[]) shape[name] = z.string();
  return z.strictObject(shape as Record<ParamNames<P>, z.ZodString>);
}

/** Route options with the path's parameters declared, for a handler that reads them:
 *  `app.get(P.confirm, withParams(P.confirm, ROUTE.public), …)` types `request.params.token`. */
export function withParams<P extends string, O extends object>(path: P, options: O) {
  return { ...options, schema: { params: pathParams(path) } };
}

/**
 * Every route's parameters are declared, as each route is added: one a route declares must be
 * exactly its path's; where it declares none, its path declares them (a route whose handler
 * reads the parameters only through the record-access context needs no copy of its path).
 */
export function declareParams(route: { url: string; schema?: { params?: unknown } }): void {
  const names = paramNames(route.url).sort();
  const params = route.schema?.params;
  if (params === undefined) {
    if (names.length > 0) route.schema = { ...route.schema, params: pathParams(route.url) };
    return;
  }
  const declared = params instanceof z.ZodObject ? Object.keys(params.shape).sort() : [];
  if (declared.join() !== names.join()) {
    throw new Error(`Route ${route.url} declares parameters (${declared.join(', ')}) that are not its path's (${names.join(', ')})`);
  }
}

/** The path's parameters, as text, for code that serves many routes (the record-access context). */
export function paramsOf(request: { params: unknown }): Record<string, string> {
  const params: unknown = request.params;
  if (typeof params !== 'object' || params === null) return {};
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, formText(value)]));
}

/** One path parameter as text (empty when missing), for a helper shared by several routes. */
export function paramOf(request: { params: unknown }, name: string): string {
  return paramsOf(request)[name] ?? '';
}
