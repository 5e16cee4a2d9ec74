import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { documents } from '../../db/schema.ts';
import type { Services } from '../../services.ts';
import { accountOf, NotFound, ROUTE } from '../../platform/access.ts';
import { AUTHENTICATOR_SET_UP_PATH, mustSetUpAuthenticator } from '../../platform/authenticator-gate.ts';
import { isUuid } from '../../platform/documents.ts';
import { pathTo } from '../../platform/paths.ts';
import { PLAN_KIND } from '../plan/service.ts';
import { PLAN_PATHS } from '../plan/paths.ts';
import { PLAN_DEFS } from '../staying-well/model.ts';
import { pathsFor } from '../staying-well/paths.ts';
import { JOURNEY_PATHS } from '../journey/paths.ts';
import { JOURNEY_PART } from '../journey/service.ts';
import * as caseload from './caseload-store.ts';
import { byAuthor } from './suggestions-store.ts';
import { text, withParams, type App } from '../../platform/route-schemas.ts';

const PER_PAGE = 20;

/** The other side of a circle: "People I support", everyone who shares something with me now,
 *  and one person's shared parts, each opened on the owner's own pages through the policy. */
export function peopleRoutes(app: App, s: Services): void {
  // People I support: everyone who shares something with me now, searchable by name, a page at a time.
  const peopleQuery = z.object({ q: text, sort: text, page: text });
  app.get('/people', { ...ROUTE.account, schema: { querystring: peopleQuery } }, async (request, reply) => {
    if (mustSetUpAuthenticator(accountOf(request))) return reply.redirect(AUTHENTICATOR_SET_UP_PATH, 303);
    const query = request.query;
    const words = query.q.trim().slice(0, 100);
    const order: caseload.SharingOrder = query.sort === 'changed' ? 'changed' : 'name';
    const asked = Number.parseInt(query.page, 10);
    const { people, total, page } = await caseload.sharingPage(s.db, accountOf(request).id, s.clock.now(), {
      words,
      order,
      page: Number.isSafeInteger(asked) ? asked : 1,
      perPage: PER_PAGE,
    });
    return reply.view('circle/views/people.njk', {
      people,
      total,
      words,
      order,
      page,
      pages: Math.max(1, Math.ceil(total / PER_PAGE)),
    });
  });

  // One person, as far as they share with me: links to the parts, each opened through the policy.
  app.get('/people/:ownerId', withParams('/people/:ownerId', ROUTE.account), async (request, reply) => {
    if (mustSetUpAuthenticator(accountOf(request))) return reply.redirect(AUTHENTICATOR_SET_UP_PATH, 303);
    const { ownerId } = request.params;
    const person = isUuid(ownerId) ? await caseload.sharingFrom(s.db, accountOf(request).id, ownerId, s.clock.now()) : undefined;
    if (!person) throw new NotFound();
    return reply.view('circle/views/person.njk', {
      person,
      canSuggest: person.parts.some((p) => p.level === 'suggest'),
      suggested: await byAuthor(s.db, person.id, accountOf(request).id),
      links: await partLinks(
        s,
        ownerId,
        person.parts.map((p) => p.part),
      ),
    });
  });
}

/** Where each shared part opens: the owner's own pages, which the policy guards and projects. */
async function partLinks(s: Services, ownerId: string, parts: readonly string[]) {
  const docs = await s.db
    .select({ id: documents.id, kind: documents.kind })
    .from(documents)
    .where(and(eq(documents.ownerId, ownerId)));
  const idOf = (kind: string) => docs.find((d) => d.kind === kind)?.id ?? '';
  const links: { part: string; href: string }[] = [];
  if (parts.some((p) => p.startsWith(`${PLAN_KIND}.`)))
    links.push({ part: PLAN_KIND, href: pathTo(PLAN_PATHS.overview, { planId: idOf(PLAN_KIND) }) });
  for (const def of PLAN_DEFS)
    if (parts.includes(def.kind)) links.push({ part: def.kind, href: pathTo(pathsFor(def).overview, { planId: idOf(def.kind) }) });
  if (parts.includes(JOURNEY_PART)) links.push({ part: JOURNEY_PART, href: pathTo(JOURNEY_PATHS.shared, { ownerId }) });
  return links;
}
