import type { FastifyReply } from 'fastify';
import { ROUTE } from '../../platform/access.ts';
import { formText } from '../../platform/forms.ts';
import { formBody, paramOf } from '../../platform/route-schemas.ts';
import { pathTo } from '../../platform/paths.ts';
import type { Feature } from '../../services.ts';
import { JOURNEY_PATHS as P } from './paths.ts';
import { stopFromLink, UNSUBSCRIBE } from './reminders.ts';

const ONE_CLICK = { key: 'List-Unsubscribe', value: 'One-Click' };

/** The fields of a small multipart/form-data body, as RFC 8058 says a mail client should send
 *  it: enough to find one plain field, never a file. */
export function multipartFields(body: string, contentType: string): Record<string, string> {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return {};
  const fields: Record<string, string> = {};
  for (const part of body.split(`--${marker}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const name = /content-disposition:\s*form-data;\s*name="([^"]*)"/i.exec(part.slice(0, split))?.[1];
    if (name !== undefined) fields[name] = part.slice(split + 4).replace(/\r\n$/, '');
  }
  return fields;
}

/** An answer for a mail client, not a person: a status and nothing else. */
const bare = (reply: FastifyReply, code: number) => reply.code(code).header('Cache-Control', 'no-store').send();

/**
 * RFC 8058 one-click unsubscribe, for the List-Unsubscribe headers of reminder emails: a mail
 * client's own "unsubscribe" sends `List-Unsubscribe=One-Click` here, with no cookies and no
 * CSRF token. It sits outside the site (no session, no CSRF, no page): the signed token is the
 * authority, and all it can do is turn that person's reminders off, once, however often it is sent.
 */
export const oneClickUnsubscribe: Feature = (app, { services }) => {
  app.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 4096 }, (request, body, done) => {
    done(null, multipartFields(String(body), request.headers['content-type'] ?? ''));
  });

  const accountFrom = (token: string) => services.signer.verify(UNSUBSCRIBE, token);

  app.post(P.oneClick, { ...ROUTE.public, schema: { body: formBody({}) } }, async (request, reply) => {
    const accountId = accountFrom(paramOf(request, 'token'));
    if (!accountId) return bare(reply, 404);
    if (formText(request.body[ONE_CLICK.key]) !== ONE_CLICK.value) return bare(reply, 400);
    await stopFromLink(services, accountId, request.ip);
    return bare(reply, 200);
  });

  // A mail client that opens the address instead: the page with the button (a GET changes nothing).
  app.get(P.oneClick, ROUTE.public, async (request, reply) => {
    const token = paramOf(request, 'token');
    if (!accountFrom(token)) return bare(reply, 404);
    return reply.redirect(pathTo(P.unsubscribe, { token }), 303);
  });
};
