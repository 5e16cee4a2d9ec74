// Signs the generated people in over HTTP, as a browser would (GET /sign-in for the CSRF
// token and cookie, then POST /sign-in), and follows their redirects to learn their pages.
import { ACCOUNT_PATHS } from '../src/features/accounts/paths.ts';
import { PLAN_PATHS } from '../src/features/plan/paths.ts';
import { SAFETY } from '../src/features/staying-well/model.ts';
import { pathsFor } from '../src/features/staying-well/paths.ts';
import { cookieHeader, cookiesOf, locationOf, send } from './http.ts';

export interface Person {
  email: string;
  /** Cookie header of a signed-in browser (the session cookie). */
  cookie: string;
  /** /plans/<id> */
  plan: string;
  /** /safety/<id> */
  safety: string;
}

async function signIn(base: string, email: string, password: string): Promise<Person> {
  const form = await send(`${base}${ACCOUNT_PATHS.signIn}`);
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
  if (!token) throw new Error(`no CSRF token on ${ACCOUNT_PATHS.signIn} (${form.status})`);
  const answer = await send(`${base}${ACCOUNT_PATHS.signIn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(cookiesOf(form)) },
    body: new URLSearchParams({ _csrf: token, email, password }).toString(),
  });
  const session = cookiesOf(answer).get('waymark-session');
  if (answer.status !== 303 || !session) throw new Error(`sign-in of ${email} failed: ${answer.status}`);
  const cookie = `waymark-session=${session}`;
  const follow = async (path: string) => locationOf(await send(`${base}${path}`, { headers: { cookie } }));
  return { email, cookie, plan: await follow(PLAN_PATHS.mine), safety: await follow(pathsFor(SAFETY).mine) };
}

/** Signs everyone in, a few at a time; bounded by the number of people and each request's timeout. */
export async function signInAll(base: string, emails: string[], password: string, concurrency = 4): Promise<Person[]> {
  const people: Person[] = new Array<Person>(emails.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < emails.length; i = next++) people[i] = await signIn(base, emails[i] ?? '', password);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return people;
}
