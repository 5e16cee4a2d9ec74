import type { FastifyError } from 'fastify';
import { z } from 'zod';
import { ROUTE } from '../../platform/access.ts';
import { errorFacts } from '../../platform/logging.ts';
import type { Feature } from '../../services.ts';
import {
  oneTaxonomy,
  oneTaxonomyTerm,
  serviceAtLocation,
  serviceAtLocationPage,
  servicePage,
  taxonomyPage,
  taxonomyTermPage,
} from './api-store.ts';
import { geocodingFor } from './geocoder.ts';
import { fullService } from './oruk.ts';
import { listing } from './listing.ts';
import { DAYS, placePostcode, type SearchQuery } from './store.ts';

export const ORUK_PREFIX = '/api/oruk';
export const ORUK_PROFILE = 'https://openreferraluk.org/profile/3.0';
/** Past this a page is not worth the database's time: nobody reads that deep. */
const MAX_PAGE = 10_000;
const MAX_PER_PAGE = 100;

const DAY_NAMES: Record<string, (typeof DAYS)[number]> = {
  monday: 'MO',
  tuesday: 'TU',
  wednesday: 'WE',
  thursday: 'TH',
  friday: 'FR',
  saturday: 'SA',
  sunday: 'SU',
};

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const time = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$/, 'a time as HH:MM');
const paging = { page: int(1, MAX_PAGE).default(1), per_page: int(1, MAX_PER_PAGE).default(20) };
const serviceFilters = {
  ...paging,
  search: z.string().max(200).optional(),
  taxonomy_term_id: z.uuid().optional(),
  taxonomy_id: z.uuid().optional(),
  minimum_age: int(0, 150).optional(),
  maximum_age: int(0, 150).optional(),
  start_time: time.optional(),
  end_time: time.optional(),
  day: z
    .string()
    .transform((d) => DAY_NAMES[d.toLowerCase()] ?? d.toUpperCase())
    .pipe(z.enum(DAYS))
    .optional(),
};
const pagingQuery = z.strictObject(paging);
const servicesQuery = z.strictObject(serviceFilters);
const salQuery = z.strictObject({
  ...serviceFilters,
  postcode: z.string().max(10).optional(),
  /** Metres, as Open Referral has it. */
  proximity: int(1, 1_000_000).optional(),
});

class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

function parse<T>(schema: z.ZodType<T>, query: unknown): T {
  const single = Object.entries(query as Record<string, unknown>).find(([, v]) => typeof v !== 'string');
  if (single) throw new ApiError(400, `Give ${single[0]} once, as text`);
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(400, `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'not understood'}`);
  }
  return parsed.data;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function idOf(params: unknown): string {
  const id = (params as { id?: string }).id ?? '';
  if (!UUID.test(id)) throw new ApiError(404, 'Not found');
  return id;
}
const found = <T>(value: T | null): T => {
  if (value === null) throw new ApiError(404, 'Not found');
  return value;
};

function toSearch(q: z.infer<typeof servicesQuery>): SearchQuery {
  return {
    words: q.search?.trim() || undefined,
    termId: q.taxonomy_term_id,
    taxonomyId: q.taxonomy_id,
    minimumAge: q.minimum_age,
    maximumAge: q.maximum_age,
    startTime: q.start_time?.slice(0, 5),
    endTime: q.end_time?.slice(0, 5),
    day: q.day,
    sort: 'relevance',
    page: q.page,
    perPage: q.per_page,
  };
}

/**
 * The Open Referral UK 3.0 read API: public, read-only JSON, outside the HTML site (no session
 * lookup, no HTML error pages), rate-limited, cacheable, and open to other sites' scripts (CORS).
 */
export const orukApi: Feature = (app, opts) => {
  const db = opts.services.db;
  const get = { config: { ...ROUTE.public.config, rateLimit: opts.services.apiLimit } };

  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('Access-Control-Allow-Origin', '*');
    reply.header('Cache-Control', reply.statusCode < 400 ? 'public, max-age=300' : 'no-store');
    done(null, payload);
  });
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) request.log.error({ err: errorFacts(err) }, 'ORUK API request failed');
    return reply
      .code(status)
      .type('application/json')
      .send({ error: status, message: status === 500 ? 'Something went wrong' : err.message });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 404, message: 'Not found' }));

  // Only `/api/oruk/`: Open Referral's paths are relative to a base address ending in a slash.
  app.get('/', { ...get, prefixTrailingSlash: 'slash' }, () => ({
    version: '3.0',
    profile: ORUK_PROFILE,
    openapi_url: 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json',
  }));

  app.get('/services', get, async (request) => servicePage(db, toSearch(parse(servicesQuery, request.query))));
  app.get('/services/:id', get, async (request) => {
    const l = found(await listing(db, idOf(request.params)));
    if (l.service.status === 'defunct') throw new ApiError(404, 'Not found');
    return fullService(l);
  });

  app.get('/service_at_locations', get, async (request) => {
    const q = parse(salQuery, request.query);
    const search = toSearch(q);
    if (q.postcode) {
      const near = await placePostcode(db, q.postcode, geocodingFor(opts.services.geocoder, request.log));
      if (!near) throw new ApiError(400, 'postcode: not a postcode we can place');
      return serviceAtLocationPage(db, { ...search, near, withinKm: q.proximity === undefined ? undefined : q.proximity / 1000 });
    }
    if (q.proximity !== undefined) throw new ApiError(400, 'proximity: needs a postcode');
    return serviceAtLocationPage(db, search);
  });
  app.get('/service_at_locations/:id', get, async (request) => found(await serviceAtLocation(db, idOf(request.params))));

  app.get('/taxonomies', get, async (request) => {
    const q = parse(pagingQuery, request.query);
    return taxonomyPage(db, q.page, q.per_page);
  });
  app.get('/taxonomies/:id', get, async (request) => found(await oneTaxonomy(db, idOf(request.params))));
  app.get('/taxonomy_terms', get, async (request) => {
    const q = parse(pagingQuery, request.query);
    return taxonomyTermPage(db, q.page, q.per_page);
  });
  app.get('/taxonomy_terms/:id', get, async (request) => found(await oneTaxonomyTerm(db, idOf(request.params))));
};
