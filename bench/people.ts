// Signs the generated people in over HTTP, as a browser would (GET /sign-in for the CSRF
// token and cookie, then POST /sign-in), and follows their redirects to learn their pages.
import { ACCOUNT_PATHS } from '../src/features/accounts/paths.ts';
import { PLAN_PATHS } from '../src/features/plan/paths.ts';
import { SAFETY } from '../src/features/staying-well/model.ts';
import { pathsFor } from '../src/features/staying-well/paths.ts';
import { codeFor } from '../src/features/accounts/authenticator.ts';
import { type Answer, cookieHeader, cookiesOf, locationOf, send } from './http.ts';

export interface Person {
  email: string;
  /** Cookie header of a signed-in browser (the session cookie). */
  cookie: string;
  /** /plans/<id> */
  plan: string;
  /** /safety/<id> */
  safety: string;
  /** The CSRF token of a form this person opened (its cookie is then in `cookie` too). */
  csrf?: string;
}

/** Someone signed out: no cookie, no pages of their own. */
export const SIGNED_OUT: Person = { email: '', cookie: '', plan: '', safety: '' };

/** Opens a form as each person, as a browser does before sending it: its CSRF token, and the cookie that goes with it. */
export async function openForm(base: string, people: Person[], path: string): Promise<Person[]> {
  const opened: Person[] = [];
  for (const person of people) {
    const form = await send(`${base}${path}`, { headers: { cookie: person.cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
    if (form.status !== 200 || !csrf) throw new Error(`no form with a CSRF token at ${path} (${form.status})`);
    const csrfCookie = cookieHeader(cookiesOf(form));
    opened.push({ ...person, csrf, cookie: csrfCookie ? `${person.cookie}; ${csrfCookie}` : person.cookie });
  }
  return opened;
}

/** After the password, an account with an authenticator app gives its code, as a person would. */
async function giveCode(base: string, answer: Answer, totpSecret: string): Promise<Answer> {
  const cookie = cookieHeader(cookiesOf(answer));
  const form = await send(`${base}${ACCOUNT_PATHS.signInCode}`, { headers: { cookie } });
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
  if (!token) throw new Error(`no CSRF token on ${ACCOUNT_PATHS.signInCode} (${form.status})`);
  return send(`${base}${ACCOUNT_PATHS.signInCode}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: cookieHeader(new Map([...cookiesOf(answer), ...cookiesOf(form)])),
    },
    body: new URLSearchParams({ _csrf: token, code: codeFor(totpSecret, new Date()) }).toString(),
  });
}

async function signIn(base: string, email: string, password: string, totpSecret?: string): Promise<Person> {
  const form = await send(`${base}${ACCOUNT_PATHS.signIn}`);
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
  if (!token) throw new Error(`no CSRF token on ${ACCOUNT_PATHS.signIn} (${form.status})`);
  const answer = await send(`${base}${ACCOUNT_PATHS.signIn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(cookiesOf(form)) },
    body: new URLSearchParams({ _csrf: token, email, password }).toString(),
  });
  const asked = String(answer.headers.location ?? '').startsWith(ACCOUNT_PATHS.signInCode);
  const done = totpSecret && asked ? await giveCode(base, answer, totpSecret) : answer;
  const session = cookiesOf(done).get('waymark-session');
  if (done.status !== 303 || !session) throw new Error(`sign-in of ${email} failed: ${done.status}`);
  const cookie = `waymark-session=${session}`;
  const follow = async (path: string) => locationOf(await send(`${base}${path}`, { headers: { cookie } }));
  return { email, cookie, plan: await follow(PLAN_PATHS.mine), safety: await follow(pathsFor(SAFETY).mine) };
}

/** Signs everyone in, a few at a time; bounded by the number of people and each request's timeout. */
export async function signInAll(base: string, emails: string[], password: string, concurrency = 4, totpSecret?: string): Promise<Person[]> {
  const people: Person[] = new Array<Person>(emails.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < emails.length; i = next++) people[i] = await signIn(base, emails[i] ?? '', password, totpSecret);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return people;
}
