import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Feature } from '../../services.ts';
import { ROUTE } from '../../platform/access.ts';
import { isDatabaseUnavailable } from '../../platform/unavailable.ts';
import { errorView, tOf, type FieldError } from '../../platform/forms.ts';
import { telHref } from '../../platform/phone.ts';
import { nationOf } from '../organisations/store.ts';
import { FIRST_IDS, forYoungPeople, helpNumber, isNation, NATIONS, numbersFor, smsHref, type HelpNumber, type Nation } from './numbers.ts';
import { formBody, text } from '../../platform/route-schemas.ts';

export const HELP_PATHS = {
  page: '/help',
  nation: '/help/nation',
} as const;

const YEAR_S = 365 * 24 * 60 * 60;

/** Which nation's numbers to show, remembered on this browser (no account needed). */
export const nationCookie = (secure: boolean): string => (secure ? '__Host-waymark-nation' : 'waymark-nation');

/** One nation from a form or an address: a single known value, never the first of several. */
const oneNation = (value: unknown): Nation | null => (typeof value === 'string' && isNation(value) ? value : null);

/** A number as the page shows it: its call and text links made here, once. */
function shown(n: HelpNumber) {
  return {
    id: n.id,
    name: n.name,
    phone: n.phone,
    tel: n.phone ? telHref(n.phone) : undefined,
    sms: n.sms,
    smsHref: n.sms ? smsHref(n.sms) : undefined,
  };
}

/**
 * "Get help now": public, before any sign-in, and complete without JavaScript. The nation is
 * chosen here (a cookie), given in the address (the service worker keeps the page that way,
 * with no cookies), or comes from the person's organisation when they are signed in.
 */
/** Help is public and keeps working while the database is away. */
const HELP_CONFIG = { ...ROUTE.public.config, withoutDatabase: true };
const nationInAddress = z.object({ nation: text });

export const helpFeature: Feature = (app, { services: s }) => {
  async function nationFor(request: FastifyRequest, inAddress: string): Promise<Nation | null> {
    const asked = oneNation(inAddress);
    if (asked) return asked;
    const remembered = oneNation(request.cookies[nationCookie(s.secureCookies)]);
    if (remembered) return remembered;
    const roles = request.account?.roles ?? [];
    if (!roles.length) return null;
    // The numbers matter most when nothing else works: a database that is away means no nation, not no page.
    return nationOf(s.db, [...new Set(roles.map((r) => r.organisationId))]).catch((err: unknown) => {
      if (isDatabaseUnavailable(err)) return null;
      throw err;
    });
  }

  function page(reply: FastifyReply, nation: Nation | null, errors: FieldError[] = []) {
    return reply.code(errors.length ? 400 : 200).view('help/views/help.njk', {
      first: FIRST_IDS.map((id) => shown(helpNumber(id))),
      nation,
      local: nation ? numbersFor(nation).map(shown) : [],
      young: forYoungPeople().map(shown),
      nations: NATIONS,
      errors: errorView(errors, tOf(reply)),
    });
  }

  app.get(HELP_PATHS.page, { config: HELP_CONFIG, schema: { querystring: nationInAddress } }, async (request, reply) =>
    page(reply, await nationFor(request, request.query.nation)),
  );

  app.post(
    HELP_PATHS.nation,
    { config: HELP_CONFIG, schema: { querystring: nationInAddress, body: formBody({}) } },
    async (request, reply) => {
      const nation = oneNation(request.body.nation);
      if (!nation)
        return page(reply, await nationFor(request, request.query.nation), [{ field: 'nation', message: 'help:errors.nationRequired' }]);
      reply.setCookie(nationCookie(s.secureCookies), nation, {
        path: '/',
        httpOnly: true,
        secure: s.secureCookies,
        sameSite: 'lax',
        maxAge: YEAR_S,
      });
      return reply.redirect(HELP_PATHS.page, 303);
    },
  );
};
