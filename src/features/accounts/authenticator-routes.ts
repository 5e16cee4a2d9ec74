import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { Feature } from '../../services.ts';
import { accountOf, safeNext } from '../../platform/access.ts';
import { errorView, tOf, type FieldError } from '../../platform/forms.ts';
import { Authenticators, needsRecheck } from './authenticator.ts';
import { ACCOUNT_PATHS as P } from './paths.ts';
import { clearPending, pendingAccount, proveItIsYou } from './second-step.ts';
import { startSession } from './start-session.ts';
import { formBody, text } from '../../platform/route-schemas.ts';

const MAX_CODE = 40;

function codeErrors(code: string): FieldError[] {
  const trimmed = code.trim();
  if (!trimmed) return [{ field: 'code', message: 'accounts:errors.codeRequired' }];
  if (trimmed.length > MAX_CODE) return [{ field: 'code', message: 'accounts:errors.codeInvalid' }];
  return [];
}

const checkMessage = (result: 'wrong' | 'wait'): string => (result === 'wait' ? 'accounts:errors.codeWait' : 'accounts:errors.codeWrong');

/** An authenticator app: the second step of signing in, setting one up, and turning it off. */
export const authenticatorFeature: Feature = (app, { services: s }) => {
  const auth = new Authenticators(s);
  const view = (reply: FastifyReply, template: string, values: Record<string, string>, errors: FieldError[] = [], extra = {}) =>
    reply
      .code(errors.length ? 400 : 200)
      .view(`accounts/views/${template}.njk`, { values, errors: errorView(errors, tOf(reply)), ...extra });

  app.get(P.signInCode, { config: { access: 'public' }, schema: { querystring: z.object({ next: text }) } }, (request, reply) => {
    if (!pendingAccount(s, request)) return reply.redirect(P.signIn, 303);
    return view(reply, 'sign-in-code', { next: safeNext(request.query.next) });
  });
  app.post(
    P.signInCode,
    { config: { access: 'public', rateLimit: s.signInLimit, controls: ['next'] }, schema: { body: formBody({ code: text, next: text }) } },
    async (request, reply) => {
      const accountId = pendingAccount(s, request);
      if (!accountId) return reply.redirect(P.signIn, 303);
      const body = request.body;
      const values = { code: body.code, next: safeNext(body.next) };
      const errors = codeErrors(values.code);
      if (errors.length) return view(reply, 'sign-in-code', { next: values.next }, errors);
      const result = await auth.check(accountId, values.code, request.ip);
      // Slowed tries are counted in the log (no account, no address), not written one by one to the audit log.
      if (result === 'wait') request.log.warn({ route: P.signInCode, refused: 'authenticator-slowed' }, 'code try slowed');
      if (result !== 'ok') return view(reply, 'sign-in-code', { next: values.next }, [{ field: 'code', message: checkMessage(result) }]);
      await s.audit.record({ actorId: accountId, action: 'sign-in.success', subjectType: 'account', subjectId: accountId, ip: request.ip });
      clearPending(s, reply);
      await startSession(s, request, reply, accountId);
      return reply.redirect(values.next, 303);
    },
  );

  app.get(P.authenticator, { config: { access: 'account' }, schema: { querystring: z.object({ on: text }) } }, async (request, reply) => {
    const me = accountOf(request);
    if (me.authenticator) {
      return reply.view('accounts/views/authenticator-on.njk', {
        left: await auth.recoveryCodesLeft(me.id),
        turnedOn: request.query.on === '1',
      });
    }
    return view(reply, 'authenticator-set-up', {}, [], { setUp: await auth.begin(me) });
  });
  // The sealed key is no one's writing: never given back as typed text.
  app.post(
    P.authenticator,
    {
      config: { access: 'account', rateLimit: s.signInLimit, controls: ['setUp'] },
      schema: { body: formBody({ code: text, setUp: text }) },
    },
    async (request, reply) => {
      const me = accountOf(request);
      if (me.authenticator) return reply.redirect(P.authenticator, 303);
      const body = request.body;
      const code = body.code;
      const token = body.setUp;
      const errors = codeErrors(code);
      const codes = errors.length ? null : await auth.confirm(me.id, token, code, request.ip);
      if (!codes) {
        const shown: FieldError[] = errors.length ? errors : [{ field: 'code', message: 'accounts:errors.codeWrong' }];
        return view(reply, 'authenticator-set-up', {}, shown, { setUp: await auth.again(me, token) });
      }
      await s.sessions.markChecked(me.sessionHash);
      return reply.view('accounts/views/recovery-codes.njk', { codes });
    },
  );

  app.get(P.authenticatorOff, { config: { access: 'account' } }, (request, reply) => {
    const me = accountOf(request);
    if (!me.authenticator) return reply.redirect(P.authenticator, 303);
    return view(reply, 'authenticator-off', {}, [], { ask: needsRecheck(me, s.clock.now()) });
  });
  app.post(
    P.authenticatorOff,
    { config: { access: 'account', rateLimit: s.signInLimit }, schema: { body: formBody({ code: text, currentPassword: text }) } },
    async (request, reply) => {
      const me = accountOf(request);
      if (!me.authenticator) return reply.redirect(P.authenticator, 303);
      const body = request.body;
      const given = { currentPassword: body.currentPassword, code: body.code };
      const errors = await proveItIsYou(s, auth, me, given, request.ip, false);
      if (errors.length) return view(reply, 'authenticator-off', {}, errors, { ask: true });
      await auth.turnOff(me.id, request.ip);
      return reply.redirect(`${P.account}?authenticatorOff=1`, 303);
    },
  );
};
