import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable } from '../../db/client.ts';
import { accountOf, NotFound, ROUTE } from '../../platform/access.ts';
import { check, errorView, formInt, tOf, type FieldError } from '../../platform/forms.ts';
import { pathTo } from '../../platform/paths.ts';
import type { Services } from '../../services.ts';
import { CHIME } from '../plan/model.ts';
import { blankValues, fieldsOf, listingForm, listingValues, valuesOf, type ListingFields, type ListingValues } from './editor-form.ts';
import { createListing, keptListing, keptOrganisations, ourListings, revisionsOf, saveEdit, setOpen, versionOf } from './editor-store.ts';
import { ASK_AFTER_DAYS } from './freshness.ts';
import { DIRECTORY_PATHS, EDITOR_PATHS as P } from './paths.ts';
import { LANGUAGES } from './query.ts';
import type { Listing } from './listing.ts';
import { DAYS } from './store.ts';
import { NEEDS } from './taxonomy.ts';
import { formBody, paramOf, text, type App } from '../../platform/route-schemas.ts';

const DAY = 86_400_000;
/** Form fields that are choices, not writing: never given back as "what you typed". */
const CHOICES = ['organisationId', 'days', 'where', 'stepFree', 'cost', 'languages', 'chime', 'needs', 'peerLed'];
const FORM_ROUTE = { config: { ...ROUTE.account.config, controls: CHOICES } };
const NEWS = ['added', 'saved', 'closed', 'reopened'] as const;
/** A listing from elsewhere can hold several times, places or contacts; the form keeps one each. */
const keepsOne = (l: Listing) =>
  l.schedules.length > 1 || l.contacts.length > 1 || l.locations.filter((loc) => loc.locationType === 'physical').length > 1;
const CONFLICT: FieldError = { field: 'name', message: 'directory:editor.errors.conflict' };

/**
 * A listings editor's pages (and an admin's, for their own organisation): every listing of an
 * organisation they keep, to add, change with its history, close and reopen. Any other listing,
 * or any account that keeps none, is the site's 404.
 */
export function editorRoutes(app: App, s: Services): void {
  const choices = { days: DAYS, chime: CHIME, needs: NEEDS, languages: LANGUAGES };
  const kept = async (request: FastifyRequest): Promise<Listing> => {
    const l = await keptListing(s.db, accountOf(request).id, paramOf(request, 'listingId'));
    if (!l) throw new NotFound();
    return l;
  };
  const keeps = async (request: FastifyRequest) => {
    const organisations = await keptOrganisations(s.db, accountOf(request).id);
    if (organisations.length === 0) throw new NotFound();
    return organisations;
  };
  const audited =
    (request: FastifyRequest, action: string) =>
    (tx: Queryable, serviceId: string): Promise<void> =>
      s.audit.record({ actorId: accountOf(request).id, action, subjectType: 'listing', subjectId: serviceId, ip: request.ip }, tx);
  const links = (id: string) => ({
    edit: pathTo(P.edit, { listingId: id }),
    history: pathTo(P.history, { listingId: id }),
    close: pathTo(P.close, { listingId: id }),
    reopen: pathTo(P.reopen, { listingId: id }),
    public: pathTo(DIRECTORY_PATHS.listing, { listingId: id }),
  });
  const after = (reply: FastifyReply, news: (typeof NEWS)[number], id: string) =>
    reply.redirect(`${P.ours}?news=${news}&listing=${encodeURIComponent(id)}`, 303);

  function formPage(
    reply: FastifyReply,
    data: { values: ListingValues; l?: Listing; organisations?: { id: string; name: string }[]; organisationId?: string },
    errors: FieldError[] = [],
    extra: { status?: number; current?: ListingFields } = {},
  ) {
    return reply.code(extra.status ?? (errors.length ? 400 : 200)).view('directory/views/listing-form.njk', {
      ...data,
      current: extra.current,
      links: data.l ? links(data.l.service.id) : null,
      keepsOne: data.l ? keepsOne(data.l) : false,
      action: data.l ? pathTo(P.edit, { listingId: data.l.service.id }) : P.new,
      choices,
      errors: errorView(errors, tOf(reply)),
    });
  }

  app.get(P.ours, { ...ROUTE.account, schema: { querystring: z.object({ news: text, listing: text }) } }, async (request, reply) => {
    const organisations = await keeps(request);
    const listings = await ourListings(
      s.db,
      organisations.map((o) => o.id),
    );
    const { news: told, listing } = request.query;
    const news = NEWS.find((n) => n === told);
    const about = listings.find((l) => l.id === listing);
    const dueBefore = new Date(s.clock.now().getTime() - ASK_AFTER_DAYS * DAY).toISOString().slice(0, 10);
    return reply.view('directory/views/our-listings.njk', {
      organisations,
      news: news && about ? { kind: news, name: about.name, href: links(about.id).public } : null,
      listings: listings.map((l) => ({ ...l, links: links(l.id), due: !l.assuredDate || l.assuredDate < dueBefore })),
      newHref: P.new,
    });
  });

  app.get(P.new, ROUTE.account, async (request, reply) => {
    const organisations = await keeps(request);
    return formPage(reply, { values: blankValues(), organisations, organisationId: organisations[0]?.id ?? '' });
  });

  app.post(P.new, { ...FORM_ROUTE, schema: { body: formBody({ organisationId: text }) } }, async (request, reply) => {
    const organisations = await keeps(request);
    const body = request.body;
    const values = listingValues(body);
    const organisationId = organisations.length === 1 ? (organisations[0]?.id ?? '') : body.organisationId;
    const checked = check(listingForm, values);
    const errors = checked.ok ? [] : checked.errors;
    if (!organisations.some((o) => o.id === organisationId))
      errors.unshift({ field: 'organisationId', message: 'directory:editor.errors.organisation' });
    if (!checked.ok || errors.length) return formPage(reply, { values, organisations, organisationId }, errors);
    const id = await createListing(s.db, {
      organisationId,
      fields: checked.value,
      authorId: accountOf(request).id,
      now: s.clock.now(),
      also: audited(request, 'listing.created'),
    });
    return after(reply, 'added', id);
  });

  app.get(P.edit, ROUTE.account, async (request, reply) => {
    const l = await kept(request);
    return formPage(reply, { l, values: valuesOf(fieldsOf(l), await versionOf(s.db, l.service.id)) });
  });

  app.post(P.edit, { ...FORM_ROUTE, schema: { body: formBody({}) } }, async (request, reply) => {
    const l = await kept(request);
    const values = listingValues(request.body);
    const checked = check(listingForm, values);
    if (!checked.ok) return formPage(reply, { l, values }, checked.errors);
    const saved = await saveEdit(s.db, {
      serviceId: l.service.id,
      rev: formInt(values.rev),
      fields: checked.value,
      authorId: accountOf(request).id,
      now: s.clock.now(),
      also: audited(request, 'listing.edited'),
    });
    if (!saved) throw new NotFound();
    // Changed meanwhile: what they typed stays in the form, beside what is saved now, and the
    // form now carries the newer version, so saving again replaces it knowingly.
    if (saved.kind === 'conflict')
      return formPage(reply, { l, values: { ...values, rev: String(saved.version) } }, [CONFLICT], {
        status: 409,
        current: saved.current,
      });
    return after(reply, 'saved', l.service.id);
  });

  app.get(P.history, ROUTE.account, async (request, reply) => {
    const l = await kept(request);
    return reply.view('directory/views/listing-history.njk', {
      l,
      links: links(l.service.id),
      revisions: await revisionsOf(s.db, l.service.id),
    });
  });

  app.get(P.close, ROUTE.account, async (request, reply) => {
    const l = await kept(request);
    return reply.view('directory/views/listing-close.njk', { l, links: links(l.service.id) });
  });

  for (const [path, open] of [
    [P.close, false],
    [P.reopen, true],
  ] as const) {
    app.post(path, ROUTE.account, async (request, reply) => {
      const l = await kept(request);
      const done = await setOpen(s.db, {
        serviceId: l.service.id,
        open,
        authorId: accountOf(request).id,
        now: s.clock.now(),
        also: audited(request, open ? 'listing.reopened' : 'listing.closed'),
      });
      if (!done) throw new NotFound();
      return after(reply, open ? 'reopened' : 'closed', l.service.id);
    });
  }
}
