import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import type { Services } from '../../services.ts';
import { accountOf, NotFound, ROUTE } from '../../platform/access.ts';
import { isUuid } from '../../platform/documents.ts';
import { check, errorView, formChoice, tOf, type FieldError } from '../../platform/forms.ts';
import { withDone } from '../../platform/owned-documents.ts';
import { pathTo } from '../../platform/paths.ts';
import { endPlacesVia } from '../circle/store.ts';
import * as members from './members-store.ts';
import { adminOrganisations } from './store.ts';
import { formBody, paramOf, text, type App } from '../../platform/route-schemas.ts';

/** Relative to the organisation prefix, like the feature's other routes. */
const ROUTES = {
  members: '/members',
  invite: '/members/invite',
  withdraw: '/invitations/:invitationId/withdraw',
  remove: '/:organisationId/members/:memberId/remove',
  join: '/join/:token',
  accept: '/join/:token/accept',
  mine: '/mine',
  leave: '/mine/:organisationId/leave',
} as const;
const MEMBERS = '/organisation/members';
const MINE = '/organisation/mine';
const JOIN = '/organisation/join/:token';

const INVITATION_DAYS = 7;

const inviteForm = z.object({
  email: z
    .string()
    .refine((s) => s.trim().length > 0, 'organisations:errors.emailRequired')
    .refine((s) => s.trim().length <= 320 && z.email().safeParse(s.trim()).success, 'organisations:errors.emailInvalid'),
  role: z.string().refine(members.isRole, 'organisations:errors.roleRequired'),
});

/**
 * Who belongs to an organisation. Its admins invite people in (as someone it supports, a
 * supporter or an admin) by an emailed single-use link, and remove members; anyone can leave.
 * When a supporter's membership ends, so does every place in a circle (and every grant) that
 * came through it. An organisation always keeps at least one admin.
 */
export function memberRoutes(app: App, s: Services): void {
  async function membersPage(reply: FastifyReply, accountId: string, values: Record<string, string> = {}, errors: FieldError[] = []) {
    const now = s.clock.now();
    const orgs = await Promise.all(
      (await adminOrganisations(s.db, accountId)).map(async (o) => ({
        ...o,
        members: await members.membersOf(s.db, o.id),
        invitations: await members.pendingInvitations(s.db, o.id, now),
      })),
    );
    return reply
      .code(errors.length ? 400 : 200)
      .view('organisations/views/members.njk', { orgs, roles: members.ROLES, values, errors: errorView(errors, tOf(reply)) });
  }

  /** Ends an account's membership of an organisation, unless that would leave it without an admin.
   *  Whoever saw the account as this organisation's supporter in their circle is told. */
  async function end(request: FastifyRequest, organisationId: string, accountId: string): Promise<'ended' | 'lastAdmin'> {
    const actorId = accountOf(request).id;
    return s.db.transaction(async (tx) => {
      // One change to an organisation's members at a time, so two admins cannot remove each other.
      await tx.execute(sql`select id from organisations where id = ${organisationId} for update`);
      const roles = await members.rolesOf(tx, organisationId, accountId);
      if (roles.length === 0) throw new NotFound();
      if (roles.includes('admin') && (await members.adminCount(tx, organisationId)) === 1) return 'lastAdmin';
      await members.endMembership(tx, organisationId, accountId);
      if (roles.includes('supporter')) await endCircles(tx, request, organisationId, accountId);
      await s.audit.record(
        {
          actorId,
          action: actorId === accountId ? 'organisation.left' : 'organisation.member.removed',
          subjectType: 'organisation',
          subjectId: organisationId,
          ip: request.ip,
        },
        tx,
      );
      return 'ended';
    });
  }

  async function endCircles(tx: Queryable, request: FastifyRequest, organisationId: string, accountId: string) {
    for (const ownerId of await endPlacesVia(tx, organisationId, accountId))
      await s.audit.record(
        {
          actorId: accountOf(request).id,
          action: 'circle.member.ended',
          subjectType: 'account',
          subjectId: accountId,
          ownerId,
          ownerVisible: true,
          ip: request.ip,
        },
        tx,
      );
  }

  app.get(ROUTES.members, ROUTE.admin, async (request, reply) => membersPage(reply, accountOf(request).id));

  app.post(
    ROUTES.invite,
    {
      config: { ...ROUTE.admin.config, controls: ['organisationId', 'role'] },
      schema: { body: formBody({ email: text, organisationId: text }) },
    },
    async (request, reply) => {
      const me = accountOf(request);
      const body = request.body;
      const organisationId = body.organisationId;
      const org = (await adminOrganisations(s.db, me.id)).find((o) => o.id === organisationId);
      if (!org) throw new NotFound();
      // One choice from the list: a repeated field is refused, never read as its first value.
      const values = { organisationId, email: body.email, role: formChoice(body.role) };
      const checked = check(inviteForm, values);
      if (!checked.ok)
        return membersPage(
          reply,
          me.id,
          values,
          checked.errors.map((e) => ({ ...e, field: `${e.field}-${organisationId}` })),
        );
      const role = checked.value.role;
      const email = checked.value.email.trim().toLowerCase();
      const token = randomBytes(32).toString('base64url');
      const tokenHash = members.hashToken(token);
      const now = s.clock.now();
      await s.db.transaction(async (tx) => {
        await members.invite(tx, {
          organisationId,
          role,
          email,
          tokenHash,
          invitedBy: me.id,
          now,
          expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
        });
        await s.audit.record(
          {
            actorId: me.id,
            action: 'organisation.invited',
            subjectType: 'organisation',
            subjectId: organisationId,
            ip: request.ip,
            detail: { role },
          },
          tx,
        );
        await s.jobs.sendEmail(
          tx,
          {
            to: email,
            template: 'organisation-invitation',
            personalisation: {
              organisation: org.name,
              role: tOf(reply)(`organisations:roles.${role}`),
              link: `${s.baseUrl}${pathTo(JOIN, { token })}`,
            },
          },
          `organisation-invitation:${tokenHash}`,
        );
      });
      return reply.redirect(withDone(MEMBERS, 'saved'), 303);
    },
  );

  app.post(ROUTES.withdraw, ROUTE.admin, async (request, reply) => {
    const me = accountOf(request);
    const id = paramOf(request, 'invitationId');
    const orgIds = (await adminOrganisations(s.db, me.id)).map((o) => o.id);
    const organisationId = isUuid(id) ? await members.withdraw(s.db, orgIds, id, s.clock.now()) : undefined;
    if (!organisationId) throw new NotFound();
    await s.audit.record({
      actorId: me.id,
      action: 'organisation.invitation.withdrawn',
      subjectType: 'organisation',
      subjectId: organisationId,
      ip: request.ip,
    });
    return reply.redirect(withDone(MEMBERS, 'removed'), 303);
  });

  /** A member of an organisation this account is an admin of, named in the path; otherwise 404. */
  async function memberFor(request: FastifyRequest) {
    const organisationId = paramOf(request, 'organisationId');
    const memberId = paramOf(request, 'memberId');
    if (!isUuid(organisationId) || !isUuid(memberId)) throw new NotFound();
    const org = (await adminOrganisations(s.db, accountOf(request).id)).find((o) => o.id === organisationId);
    const rows = org ? (await members.membersOf(s.db, org.id)).filter((m) => m.id === memberId) : [];
    const [first] = rows;
    if (!org || !first) throw new NotFound();
    return { org, member: { id: first.id, name: first.name, roles: rows.map((m) => m.role) } };
  }

  app.get(ROUTES.remove, ROUTE.admin, async (request, reply) => {
    const { org, member } = await memberFor(request);
    return reply.view('organisations/views/remove-member.njk', { org, member, errors: errorView([], tOf(reply)) });
  });

  app.post(ROUTES.remove, ROUTE.admin, async (request, reply) => {
    const { org, member } = await memberFor(request);
    if ((await end(request, org.id, member.id)) === 'lastAdmin')
      return reply.code(400).view('organisations/views/remove-member.njk', {
        org,
        member,
        errors: errorView([{ field: 'confirm', message: 'organisations:errors.lastAdmin' }], tOf(reply)),
      });
    return reply.redirect(withDone(MEMBERS, 'removed'), 303);
  });

  // The emailed link: a page with a button, so a mail scanner opening it uses nothing up.
  app.get(ROUTES.join, ROUTE.public, async (request, reply) => {
    const invitation = await members.invitationByToken(s.db, members.hashToken(paramOf(request, 'token')), s.clock.now());
    if (!invitation) throw new NotFound();
    const account = request.account;
    const here = request.url.split('?')[0] ?? '';
    return reply.view('organisations/views/join.njk', {
      invitation,
      signedIn: Boolean(account),
      matches: account ? account.email.toLowerCase() === invitation.email.toLowerCase() : false,
      acceptPath: `${here}/accept`,
      signInPath: `/sign-in?next=${encodeURIComponent(here)}`,
    });
  });

  app.post(ROUTES.accept, ROUTE.account, async (request, reply) => {
    const me = accountOf(request);
    const now = s.clock.now();
    const invitation = await members.invitationByToken(s.db, members.hashToken(paramOf(request, 'token')), now);
    if (!invitation || invitation.email.toLowerCase() !== me.email.toLowerCase()) throw new NotFound();
    const joined = await s.db.transaction(async (tx) => {
      if (!(await members.accept(tx, invitation.id, me.id, now))) return false;
      await s.audit.record(
        {
          actorId: me.id,
          action: 'organisation.joined',
          subjectType: 'organisation',
          subjectId: invitation.organisationId,
          ip: request.ip,
          detail: { role: invitation.role },
        },
        tx,
      );
      return true;
    });
    if (!joined) throw new NotFound();
    return reply.redirect(withDone('/', 'saved'), 303);
  });

  app.get(ROUTES.mine, ROUTE.account, async (request, reply) =>
    reply.view('organisations/views/mine.njk', { orgs: await members.organisationsOf(s.db, accountOf(request).id) }),
  );

  /** One of the account's own organisations, named in the path, with its roles there; otherwise 404. */
  async function ownOrganisation(request: FastifyRequest) {
    const organisationId = paramOf(request, 'organisationId');
    if (!isUuid(organisationId)) throw new NotFound();
    const rows = (await members.organisationsOf(s.db, accountOf(request).id)).filter((o) => o.id === organisationId);
    const [first] = rows;
    if (!first) throw new NotFound();
    return { id: first.id, name: first.name, roles: rows.map((r) => r.role) };
  }

  app.get(ROUTES.leave, ROUTE.account, async (request, reply) =>
    reply.view('organisations/views/leave.njk', { org: await ownOrganisation(request), errors: errorView([], tOf(reply)) }),
  );

  app.post(ROUTES.leave, ROUTE.account, async (request, reply) => {
    const org = await ownOrganisation(request);
    if ((await end(request, org.id, accountOf(request).id)) === 'lastAdmin')
      return reply.code(400).view('organisations/views/leave.njk', {
        org,
        errors: errorView([{ field: 'confirm', message: 'organisations:errors.lastAdminLeaving' }], tOf(reply)),
      });
    return reply.redirect(withDone(MINE, 'removed'), 303);
  });
}
