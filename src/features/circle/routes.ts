import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import type { Feature } from '../../services.ts';
import { accountOf, NotFound, ROUTE } from '../../platform/access.ts';
import { isUuid } from '../../platform/documents.ts';
import { check, dateError, dateFromParts, errorView, tOf, type FieldError } from '../../platform/forms.ts';
import { formBody, paramOf, text } from '../../platform/route-schemas.ts';
import { withDone } from '../../platform/owned-documents.ts';
import { pathTo } from '../../platform/paths.ts';
import { SHARE_PARTS, type SharePart } from './parts.ts';
import * as store from './store.ts';
import { peopleRoutes } from './people-routes.ts';
import { seenRoutes } from './seen-routes.ts';
import { suggestionRoutes } from './suggestion-routes.ts';

export const CIRCLE_PATHS = {
  circle: '/circle',
  invite: '/circle/invite',
  withdraw: '/circle/invitations/:invitationId/withdraw',
  invitation: '/circle/invite/:token',
  accept: '/circle/invite/:token/accept',
  member: '/circle/members/:memberId',
  removeMember: '/circle/members/:memberId/remove',
  pause: '/circle/pause',
  resume: '/circle/resume',
  people: '/people',
  person: '/people/:ownerId',
} as const;
const P = CIRCLE_PATHS;

const INVITATION_DAYS = 7;
const isLevel = (value: string): value is store.Level => value === 'see' || value === 'suggest';

const emailForm = z.object({
  email: z
    .string()
    .refine((s) => s.trim().length > 0, 'circle:errors.emailRequired')
    .refine((s) => s.trim().length <= 320 && z.email().safeParse(s.trim()).success, 'circle:errors.emailInvalid'),
});

/**
 * My circle of support: the person invites people in (by email, or a supporter of their
 * organisation from its list), chooses per part what each may see or suggest on, until a date,
 * and can pause all sharing at once. Supporters find what is shared with them under "People I
 * support". Every decision about a record stays in the record-access policy; this feature only
 * keeps the grants it reads.
 */
export const circleFeature: Feature = (app, { services: s }) => {
  /** Writes a change to someone's circle in the audit log, shown to the person it concerns. */
  const seen = (
    request: FastifyRequest,
    action: string,
    subjectId: string,
    ownerId: string,
    tx?: Queryable,
    detail?: Record<string, unknown>,
  ) =>
    s.audit.record(
      { actorId: accountOf(request).id, action, subjectType: 'account', subjectId, ownerId, ownerVisible: true, ip: request.ip, detail },
      tx,
    );

  async function circlePage(reply: FastifyReply, me: string, values: Record<string, string> = {}, errors: FieldError[] = []) {
    const now = s.clock.now();
    const [members, invitations, paused, supporters] = await Promise.all([
      store.membersOf(s.db, me),
      store.pendingInvitations(s.db, me, now),
      store.isPaused(s.db, me),
      store.supportersFor(s.db, me),
    ]);
    const inCircle = new Set(members.map((m) => m.id));
    return reply.code(errors.length ? 400 : 200).view('circle/views/circle.njk', {
      members,
      invitations,
      paused,
      supporters: supporters.filter((p) => !inCircle.has(p.id)),
      parts: SHARE_PARTS,
      values,
      errors: errorView(errors, tOf(reply)),
    });
  }

  app.get(P.circle, ROUTE.account, async (request, reply) => circlePage(reply, accountOf(request).id));

  // By email, or a supporter picked from the person's organisations' list: either way an emailed
  // link, accepted only by an account with that address.
  app.post(
    P.invite,
    { config: { ...ROUTE.account.config, controls: ['supporterId'] }, schema: { body: formBody({ email: text, supporterId: text }) } },
    async (request, reply) => {
      const me = accountOf(request);
      const body = request.body;
      const supporterId = body.supporterId;
      let email: string;
      let viaOrganisationId: string | null = null;
      if (supporterId) {
        const supporter = (await store.supportersFor(s.db, me.id)).find((p) => p.id === supporterId);
        if (!supporter) throw new NotFound();
        email = supporter.email;
        viaOrganisationId = supporter.organisationId;
      } else {
        const values = { email: body.email };
        const checked = check(emailForm, values);
        if (!checked.ok) return circlePage(reply, me.id, values, checked.errors);
        email = checked.value.email.trim();
      }
      if (email.toLowerCase() === me.email.toLowerCase())
        return circlePage(reply, me.id, { email }, [{ field: 'email', message: 'circle:errors.yourself' }]);
      const token = randomBytes(32).toString('base64url');
      const now = s.clock.now();
      await s.db.transaction(async (tx) => {
        const tokenHash = store.hashToken(token);
        await store.invite(tx, {
          ownerId: me.id,
          email: email.toLowerCase(),
          tokenHash,
          viaOrganisationId,
          now,
          expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
        });
        await seen(request, 'circle.invited', me.id, me.id, tx);
        await s.jobs.sendEmail(
          tx,
          {
            to: email,
            template: 'circle-invitation',
            personalisation: { name: me.displayName, link: `${s.baseUrl}${pathTo(P.invitation, { token })}` },
          },
          `circle-invitation:${tokenHash}`,
        );
      });
      return reply.redirect(withDone(P.circle, 'saved'), 303);
    },
  );

  app.post(P.withdraw, ROUTE.account, async (request, reply) => {
    const me = accountOf(request);
    const id = paramOf(request, 'invitationId');
    if (!isUuid(id) || !(await store.withdraw(s.db, me.id, id, s.clock.now()))) throw new NotFound();
    await seen(request, 'circle.invitation.withdrawn', me.id, me.id);
    return reply.redirect(withDone(P.circle, 'removed'), 303);
  });

  // The emailed link: a page with a button, so a mail scanner opening it uses nothing up.
  app.get(P.invitation, ROUTE.public, async (request, reply) => {
    const invitation = await store.invitationByToken(s.db, store.hashToken(paramOf(request, 'token')), s.clock.now());
    if (!invitation) throw new NotFound();
    const account = request.account;
    const here = request.url.split('?')[0] ?? '';
    return reply.view('circle/views/invitation.njk', {
      ownerName: invitation.ownerName,
      signedIn: Boolean(account),
      matches: account ? account.email.toLowerCase() === invitation.email.toLowerCase() : false,
      own: account?.id === invitation.ownerId,
      acceptPath: `${here}/accept`,
      signInPath: `/sign-in?next=${encodeURIComponent(here)}`,
    });
  });

  app.post(P.accept, ROUTE.account, async (request, reply) => {
    const me = accountOf(request);
    const now = s.clock.now();
    const invitation = await store.invitationByToken(s.db, store.hashToken(paramOf(request, 'token')), now);
    if (!invitation || invitation.ownerId === me.id || invitation.email.toLowerCase() !== me.email.toLowerCase()) throw new NotFound();
    const ownerId = await s.db.transaction(async (tx) => {
      const accepted = await store.accept(tx, invitation.id, me.id, now);
      if (accepted) await seen(request, 'circle.joined', accepted, accepted, tx);
      return accepted;
    });
    if (!ownerId) throw new NotFound();
    return reply.redirect(withDone(P.people, 'saved'), 303);
  });

  async function memberFor(request: FastifyRequest) {
    const me = accountOf(request);
    const memberId = paramOf(request, 'memberId');
    const member = isUuid(memberId) ? await store.memberOf(s.db, me.id, memberId) : null;
    if (!member) throw new NotFound();
    return { me, member };
  }

  function memberPage(reply: FastifyReply, member: store.Member, values: Record<string, string>, errors: FieldError[] = []) {
    return reply
      .code(errors.length ? 400 : 200)
      .view('circle/views/member.njk', { member, parts: SHARE_PARTS, values, errors: errorView(errors, tOf(reply)) });
  }

  app.get(P.member, ROUTE.account, async (request, reply) => {
    const { member } = await memberFor(request);
    const until = member.grants.find((g) => g.until)?.until;
    const values: Record<string, string> = Object.fromEntries(
      SHARE_PARTS.map((p) => [p, member.grants.find((g) => g.part === p)?.level ?? 'none']),
    );
    if (until)
      Object.assign(values, {
        day: String(until.getUTCDate()),
        month: String(until.getUTCMonth() + 1),
        year: String(until.getUTCFullYear()),
      });
    return memberPage(reply, member, values);
  });

  app.post(P.member, { ...ROUTE.account, schema: { body: formBody({ day: text, month: text, year: text }) } }, async (request, reply) => {
    const { me, member } = await memberFor(request);
    const body = request.body;
    const values: Record<string, string> = { day: body.day, month: body.month, year: body.year };
    const errors: FieldError[] = [];
    const choices = SHARE_PARTS.map((part: SharePart) => {
      // One choice from the list: anything else (or a repeated field) is refused, never guessed.
      const level = typeof body[part] === 'string' ? body[part] : '';
      values[part] = level;
      if (level !== 'none' && level !== 'see' && level !== 'suggest')
        errors.push({ field: part, message: 'circle:errors.levelRequired', anchor: part.replace('.', '-') });
      return { part, level: isLevel(level) ? level : null };
    });
    const date = dateFromParts(values.day ?? '', values.month ?? '', values.year ?? '');
    const now = s.clock.now();
    let until: Date | null = null;
    if (!date.ok) errors.push(dateError('until', date.message));
    else if (date.value) {
      // Shared until the end of that day.
      until = new Date(`${date.value}T23:59:59.999Z`);
      if (until <= now) errors.push(dateError('until', 'circle:errors.untilPast'));
    }
    if (errors.length) return memberPage(reply, member, values, errors);
    await s.db.transaction(async (tx) => {
      await store.setGrants(tx, me.id, member.id, choices, until, now);
      await seen(request, 'circle.sharing.changed', member.id, me.id, tx, {
        parts: Object.fromEntries(choices.map((c) => [c.part, c.level ?? 'none'])),
        until: until?.toISOString() ?? null,
      });
    });
    return reply.redirect(withDone(P.circle, 'saved'), 303);
  });

  app.post(P.removeMember, ROUTE.account, async (request, reply) => {
    const { me, member } = await memberFor(request);
    await s.db.transaction(async (tx) => {
      await store.removeMember(tx, me.id, member.id);
      await seen(request, 'circle.member.removed', member.id, me.id, tx);
    });
    return reply.redirect(withDone(P.circle, 'removed'), 303);
  });

  for (const [path, paused] of [
    [P.pause, true],
    [P.resume, false],
  ] as const) {
    app.post(path, ROUTE.account, async (request, reply) => {
      const me = accountOf(request);
      await s.db.transaction(async (tx) => {
        await store.setPaused(tx, me.id, paused, s.clock.now());
        await seen(request, paused ? 'circle.paused' : 'circle.resumed', me.id, me.id, tx);
      });
      return reply.redirect(withDone(P.circle, 'saved'), 303);
    });
  }

  peopleRoutes(app, s);
  suggestionRoutes(app, s);
  seenRoutes(app, s);
};
