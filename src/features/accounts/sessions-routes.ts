import { z } from 'zod';
import type { Feature } from '../../services.ts';
import { accountOf } from '../../platform/access.ts';
import { ACCOUNT_PATHS as P } from './paths.ts';
import { text } from '../../platform/route-schemas.ts';

/** Where an account is signed in now, and signing out every other device at once. */
export const sessionsFeature: Feature = (app, { services: s }) => {
  app.get(P.sessions, { config: { access: 'account' }, schema: { querystring: z.object({ ended: text }) } }, async (request, reply) => {
    const me = accountOf(request);
    const sessions = (await s.sessions.listFor(me.id)).map((row) => ({ ...row, current: row.idHash === me.sessionHash }));
    return reply.view('accounts/views/sessions.njk', {
      sessions,
      others: sessions.filter((row) => !row.current).length,
      ended: request.query.ended === '1',
    });
  });
  app.post(P.signOutOthers, { config: { access: 'account' } }, async (request, reply) => {
    const me = accountOf(request);
    await s.sessions.endAllFor(me.id, me.sessionHash);
    await s.audit.record({ actorId: me.id, action: 'sessions.others-ended', subjectType: 'account', subjectId: me.id, ip: request.ip });
    return reply.redirect(`${P.sessions}?ended=1`, 303);
  });
};
