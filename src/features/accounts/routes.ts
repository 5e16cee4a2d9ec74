import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { Feature } from '../../services.ts';
import { accountOf, safeNext, type SignedOutPage } from '../../platform/access.ts';
import { check, errorView, tOf, type FieldError } from '../../platform/forms.ts';
import { renewCsrfSecret } from '../../platform/http.ts';
import { withoutBidiControls } from '../../platform/phone.ts';
import { CLEAR_SITE_DATA, clearSessionCookie, readSessionCookie } from '../../platform/sessions.ts';
import { ACCOUNT_PATHS as P } from './paths.ts';
import { AccountService, schemas } from './service.ts';
import { EmailLinks } from './email-links.ts';
import { startSession } from './start-session.ts';
import { Authenticators } from './authenticator.ts';
import { proveItIsYou, startPending } from './second-step.ts';
import { formBody, pathParams, text, withParams } from '../../platform/route-schemas.ts';

function showForm(reply: FastifyReply, template: string, values: Record<string, string>, errors: FieldError[] = [], extra = {}) {
  return reply
    .code(errors.length ? 400 : 200)
    .view(`accounts/views/${template}.njk`, { values, errors: errorView(errors, tOf(reply)), ...extra });
}

/** A form sent after the session ended gets the sign-in page, with what was typed given back. */
export const SIGNED_OUT_PAGE: SignedOutPage = { path: P.signIn, view: 'accounts/views/sign-in.njk' };

/** Creating an account, signing in and out, the account page and passwords. */
export const accountsFeature: Feature = (app, { services: s }) => {
  const accounts = new AccountService(s);
  const links = new EmailLinks(s);
  const auth = new Authenticators(s);

  {
    const limited = { access: 'public' as const, rateLimit: s.signInLimit };
    // The sign-in form's return path is no one's writing.
    const signIn = { ...limited, controls: ['next'] };

    app.get(P.createAccount, { config: { access: 'public' } }, (_req, reply) => showForm(reply, 'create-account', {}));
    app.post(
      P.createAccount,
      {
        config: { access: 'public', rateLimit: s.signInLimit },
        schema: { body: formBody({ displayName: text, email: text, password: text }) },
      },
      async (request, reply) => {
        const body = request.body;
        const values = {
          displayName: withoutBidiControls(body.displayName),
          email: body.email,
          password: body.password,
        };
        const checked = check(schemas.createAccount, values);
        if (!checked.ok) return showForm(reply, 'create-account', { ...values, password: '' }, checked.errors);
        // Nothing here says whether the address has an account: the email does, to the address.
        await links.startSignUp(checked.value, request.ip);
        return reply.view('accounts/views/email-sent.njk', { email: values.email.trim(), kind: 'signUp' });
      },
    );

    app.get(
      P.signIn,
      { config: { access: 'public' }, schema: { querystring: z.object({ next: text, signedOut: text }) } },
      (request, reply) =>
        showForm(reply, 'sign-in', { next: safeNext(request.query.next) }, [], {
          signedOut: request.query.signedOut === '1',
          signedOutKeeping: request.query.signedOut === 'kept',
        }),
    );
    app.post(
      P.signIn,
      { config: signIn, schema: { body: formBody({ email: text, next: text, password: text }) } },
      async (request, reply) => {
        const body = request.body;
        const values = { email: body.email, password: body.password, next: safeNext(body.next) };
        const checked = check(schemas.signIn, values);
        if (!checked.ok) return showForm(reply, 'sign-in', { ...values, password: '' }, checked.errors);
        const signedIn = await accounts.signIn(values.email, values.password, request.ip);
        if (!signedIn) {
          return showForm(reply, 'sign-in', { ...values, password: '' }, [{ field: 'email', message: 'accounts:errors.signInFailed' }]);
        }
        // With an authenticator app, the password alone signs nobody in: the code comes next.
        if (signedIn.needsCode) {
          startPending(s, reply, signedIn.id);
          return reply.redirect(`${P.signInCode}?next=${encodeURIComponent(values.next)}`, 303);
        }
        await startSession(s, request, reply, signedIn.id);
        return reply.redirect(values.next, 303);
      },
    );

    app.get(P.signOutChoice, { config: { access: 'public' } }, (_req, reply) => showForm(reply, 'sign-out', {}));
    app.post(
      P.signOut,
      { config: { access: 'public' }, schema: { body: formBody({ choosing: text, copy: text }) } },
      async (request, reply) => {
        const body = request.body;
        // Only the choice page asks; the header's form (and any form without JavaScript) removes the copy.
        const choosing = body.choosing === 'yes';
        const copy = body.copy;
        if (choosing && copy !== 'keep' && copy !== 'remove') {
          return showForm(reply, 'sign-out', {}, [{ field: 'copy', message: 'accounts:errors.keepOrRemove' }]);
        }
        const token = readSessionCookie(request, s.secureCookies);
        if (token) await s.sessions.end(token);
        clearSessionCookie(reply, s.secureCookies);
        renewCsrfSecret(request, reply, s.secureCookies);
        // The device cookie stays, so the next person to sign in here (anyone else) clears the copy
        // before seeing any page (startSession), as the service worker does on any page of theirs.
        if (choosing && copy === 'keep') return reply.redirect(`${P.signIn}?signedOut=kept`, 303);
        // Removes any crisis plan kept on this device for use offline, with no JavaScript needed.
        reply.header('Clear-Site-Data', CLEAR_SITE_DATA);
        return reply.redirect(`${P.signIn}?signedOut=1`, 303);
      },
    );

    const accountQuery = z.object({ changed: text, nameChanged: text, authenticatorOff: text });
    app.get(P.account, { config: { access: 'account' }, schema: { querystring: accountQuery } }, (request, reply) =>
      reply.view('accounts/views/account.njk', {
        me: accountOf(request),
        changed: request.query.changed === '1',
        nameChanged: request.query.nameChanged === '1',
        authenticatorOff: request.query.authenticatorOff === '1',
      }),
    );

    app.get(P.changePassword, { config: { access: 'account' } }, (request, reply) =>
      showForm(reply, 'change-password', {}, [], { askCode: accountOf(request).authenticator }),
    );
    app.post(
      P.changePassword,
      {
        config: { access: 'account', rateLimit: s.signInLimit },
        schema: { body: formBody({ code: text, currentPassword: text, newPassword: text }) },
      },
      async (request, reply) => {
        const me = accountOf(request);
        const body = request.body;
        const values = { currentPassword: body.currentPassword, newPassword: body.newPassword };
        const askCode = { askCode: me.authenticator };
        const checked = check(schemas.changePassword, values);
        if (!checked.ok) return showForm(reply, 'change-password', {}, checked.errors, askCode);
        if (me.authenticator) {
          const errors = await proveItIsYou(s, auth, me, { ...values, code: body.code }, request.ip, true);
          if (errors.length) return showForm(reply, 'change-password', {}, errors, askCode);
        }
        const ok = await accounts.changePassword(me.id, me.sessionHash, values.currentPassword, values.newPassword, request.ip);
        if (!ok)
          return showForm(
            reply,
            'change-password',
            {},
            [{ field: 'currentPassword', message: 'accounts:errors.currentPasswordWrong' }],
            askCode,
          );
        return reply.redirect(`${P.account}?changed=1`, 303);
      },
    );

    app.get(P.changeName, { config: { access: 'account' } }, (request, reply) =>
      showForm(reply, 'change-name', { displayName: accountOf(request).displayName }),
    );
    app.post(P.changeName, { config: { access: 'account' }, schema: { body: formBody({ displayName: text }) } }, async (request, reply) => {
      const me = accountOf(request);
      const values = { displayName: withoutBidiControls(request.body.displayName) };
      const checked = check(schemas.changeName, values);
      if (!checked.ok) return showForm(reply, 'change-name', values, checked.errors);
      await accounts.changeName(me.id, checked.value.displayName, request.ip);
      return reply.redirect(`${P.account}?nameChanged=1`, 303);
    });

    app.get(P.deleteAccount, { config: { access: 'account' } }, (request, reply) =>
      showForm(reply, 'delete-account', {}, [], { askCode: accountOf(request).authenticator }),
    );
    app.post(
      P.deleteAccount,
      { config: { access: 'account', rateLimit: s.signInLimit }, schema: { body: formBody({ code: text, currentPassword: text }) } },
      async (request, reply) => {
        const me = accountOf(request);
        const body = request.body;
        const values = { currentPassword: body.currentPassword };
        const askCode = { askCode: me.authenticator };
        const checked = check(schemas.deleteAccount, values);
        if (!checked.ok) return showForm(reply, 'delete-account', {}, checked.errors, askCode);
        if (me.authenticator) {
          const errors = await proveItIsYou(s, auth, me, { ...values, code: body.code }, request.ip, true);
          if (errors.length) return showForm(reply, 'delete-account', {}, errors, askCode);
        }
        if (!(await accounts.deleteAccount(me.id, values.currentPassword, request.ip)))
          return showForm(
            reply,
            'delete-account',
            {},
            [{ field: 'currentPassword', message: 'accounts:errors.currentPasswordWrong' }],
            askCode,
          );
        clearSessionCookie(reply, s.secureCookies);
        renewCsrfSecret(request, reply, s.secureCookies);
        reply.header('Clear-Site-Data', CLEAR_SITE_DATA);
        return reply.redirect(P.accountDeleted, 303);
      },
    );
    app.get(P.accountDeleted, { config: { access: 'public' } }, (_req, reply) => reply.view('accounts/views/account-deleted.njk', {}));

    app.get(P.forgotten, { config: { access: 'public' } }, (_req, reply) => showForm(reply, 'forgotten-password', {}));
    app.post(P.forgotten, { config: limited, schema: { body: formBody({ email: text }) } }, async (request, reply) => {
      const values = { email: request.body.email };
      const checked = check(schemas.forgotten, values);
      if (!checked.ok) return showForm(reply, 'forgotten-password', values, checked.errors);
      await accounts.requestReset(values.email, request.ip);
      return reply.view('accounts/views/check-email.njk', { email: values.email.trim() });
    });

    app.get(P.reset, withParams(P.reset, { config: { access: 'public' } }), async (request, reply) => {
      const { token } = request.params;
      if (!(await accounts.isResetLive(token))) return reply.code(404).view('accounts/views/reset-expired.njk');
      return showForm(reply, 'reset-password', {}, [], { token });
    });
    app.post(
      P.reset,
      { config: limited, schema: { params: pathParams(P.reset), body: formBody({ newPassword: text }) } },
      async (request, reply) => {
        const { token } = request.params;
        const values = { newPassword: request.body.newPassword };
        const checked = check(schemas.reset, values);
        if (!checked.ok) return showForm(reply, 'reset-password', {}, checked.errors, { token });
        const accountId = await accounts.reset(token, values.newPassword, request.ip);
        if (!accountId) return reply.code(404).view('accounts/views/reset-expired.njk');
        // A reset link proves the address, not the authenticator: the code is still asked for.
        if (await auth.isOn(accountId)) {
          startPending(s, reply, accountId);
          return reply.redirect(P.signInCode, 303);
        }
        await startSession(s, request, reply, accountId);
        return reply.redirect('/', 303);
      },
    );
  }
};
