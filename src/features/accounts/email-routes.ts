import type { FastifyReply } from 'fastify';
import type { Feature } from '../../services.ts';
import { accountOf } from '../../platform/access.ts';
import { check, errorView, tOf, type FieldError } from '../../platform/forms.ts';
import { EmailLinks } from './email-links.ts';
import { ACCOUNT_PATHS as P } from './paths.ts';
import { schemas } from './service.ts';
import { startSession } from './start-session.ts';
import { Authenticators, needsRecheck } from './authenticator.ts';
import { formBody, text, withParams } from '../../platform/route-schemas.ts';

const expired = (reply: FastifyReply) => reply.code(404).view('accounts/views/email-link-expired.njk');

/**
 * The emailed links that prove an address: the one that finishes creating an account, and the
 * one that moves an account to a new address. Each opens a page with one button: nothing
 * changes on a GET, so a mail scanner that opens links uses nothing up.
 */
export const emailLinksFeature: Feature = (app, { services: s }) => {
  const links = new EmailLinks(s);
  const auth = new Authenticators(s);
  const limited = { access: 'public' as const, rateLimit: s.signInLimit };

  app.get(P.confirm, withParams(P.confirm, { config: { access: 'public' } }), async (request, reply) => {
    const { token } = request.params;
    if (!(await links.isLive(token, 'sign-up'))) return expired(reply);
    return reply.view('accounts/views/email-link.njk', { kind: 'signUp', action: P.confirmFor(token) });
  });
  app.post(P.confirm, withParams(P.confirm, { config: limited }), async (request, reply) => {
    const { token } = request.params;
    const result = await links.confirmSignUp(token, request.ip);
    if (!result) return expired(reply);
    if (result === 'exists') return reply.view('accounts/views/email-link-done.njk', { kind: 'exists' });
    await startSession(s, request, reply, result.accountId);
    return reply.redirect('/', 303);
  });

  const showForm = (reply: FastifyReply, values: Record<string, string>, errors: FieldError[] = []) =>
    reply.code(errors.length ? 400 : 200).view('accounts/views/change-email.njk', {
      values,
      errors: errorView(errors, tOf(reply)),
      current: accountOf(reply.request).email,
      // The code too, where an authenticator is set up and the last check is over 15 minutes old.
      askCode: accountOf(reply.request).authenticator === true && needsRecheck(accountOf(reply.request), s.clock.now()),
    });

  app.get(P.changeEmail, { config: { access: 'account' } }, (_req, reply) => showForm(reply, {}));
  app.post(
    P.changeEmail,
    {
      config: { access: 'account', rateLimit: s.signInLimit },
      schema: { body: formBody({ code: text, currentPassword: text, email: text }) },
    },
    async (request, reply) => {
      const me = accountOf(request);
      const body = request.body;
      const values = { email: body.email, currentPassword: body.currentPassword };
      const kept = { email: values.email };
      const checked = check(schemas.changeEmail, values);
      if (!checked.ok) return showForm(reply, kept, checked.errors);
      const address = checked.value.email.trim();
      if (address.toLowerCase() === me.email.toLowerCase()) {
        return showForm(reply, kept, [{ field: 'email', message: 'accounts:errors.emailSame' }]);
      }
      // The password first: a wrong password must not use up a good code (a code works once).
      if (!(await links.passwordMatches(me.id, values.currentPassword, request.ip))) {
        return showForm(reply, kept, [{ field: 'currentPassword', message: 'accounts:errors.currentPasswordWrong' }]);
      }
      if (me.authenticator && needsRecheck(me, s.clock.now())) {
        const code = body.code;
        const result = code.trim() && code.length <= 40 ? await auth.check(me.id, code, request.ip) : 'missing';
        if (result !== 'ok') {
          const message = { missing: 'accounts:errors.codeRequired', wait: 'accounts:errors.codeWait', wrong: 'accounts:errors.codeWrong' }[
            result
          ];
          return showForm(reply, kept, [{ field: 'code', message }]);
        }
      }
      await links.requestChange(me.id, address, request.ip);
      await s.sessions.markChecked(me.sessionHash);
      return reply.view('accounts/views/email-sent.njk', { email: address, kind: 'change' });
    },
  );

  app.get(P.changeEmailLink, withParams(P.changeEmailLink, { config: { access: 'public' } }), async (request, reply) => {
    const { token } = request.params;
    if (!(await links.isLive(token, 'change-email'))) return expired(reply);
    return reply.view('accounts/views/email-link.njk', { kind: 'change', action: P.changeEmailFor(token) });
  });
  app.post(P.changeEmailLink, withParams(P.changeEmailLink, { config: limited }), async (request, reply) => {
    const { token } = request.params;
    const result = await links.confirmChange(token, request.ip);
    if (!result) return expired(reply);
    return reply.view('accounts/views/email-link-done.njk', { kind: result });
  });
};
