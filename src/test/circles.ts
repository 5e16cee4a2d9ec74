import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { accounts } from '../db/schema.ts';
import { SHARE_PARTS } from '../features/circle/parts.ts';
import { newMember, newPerson, type Browser, type TestApp } from './harness.ts';

/** Circles of support made through the real pages, for tests of what is shared. */

export interface Someone {
  browser: Browser;
  email: string;
  password: string;
  id: string;
}

export async function someone(t: TestApp, name: string): Promise<Someone> {
  const made = await newPerson(t.app, name);
  const [row] = await t.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, made.email));
  return { browser: made.browser, email: made.email, password: made.password, id: row?.id ?? '' };
}

/** A supporter of an organisation, with an authenticator app unless told otherwise. */
export async function supporter(t: TestApp, opts: { authenticator?: boolean } = {}): Promise<Someone> {
  const made = await newMember(t, 'supporter', 'Riverside', opts);
  return { browser: made.browser, email: made.email, password: '', id: made.id };
}

export async function invitationLink(t: TestApp, email: string): Promise<string> {
  const mail = (await t.outbox.read()).filter((m) => m.to === email && m.template === 'circle-invitation').at(-1);
  return new URL(mail?.personalisation.link ?? 'http://x/none').pathname;
}

/** `owner` invites `member` by email and `member` accepts: in the circle, sharing nothing yet. */
export async function join(t: TestApp, owner: Someone, member: Someone): Promise<void> {
  assert.equal((await owner.browser.post('/circle/invite', { email: member.email })).statusCode, 303);
  const link = await invitationLink(t, member.email);
  assert.equal((await member.browser.get(link)).statusCode, 200);
  assert.equal((await member.browser.post(`${link}/accept`)).statusCode, 303);
}

/** Sets what `member` may do with each part (not shared unless given), optionally until a day. */
export async function share(owner: Someone, member: Someone, levels: Record<string, string>, until?: [string, string, string]) {
  const form: Record<string, string> = Object.fromEntries(SHARE_PARTS.map((p) => [p, levels[p] ?? 'none']));
  const [day, month, year] = until ?? ['', '', ''];
  return owner.browser.post(`/circle/members/${member.id}`, { ...form, day, month, year });
}
