import { count, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { accounts, authenticators, circleMembers, organisations } from '../db/schema.ts';
import type { Sealer } from '../platform/sealed.ts';
import { addMembership, insertAccount } from '../features/accounts/store.ts';
import { hashPassword } from '../features/accounts/passwords.ts';
import { demoDirectory } from './directory.ts';
import { demoPlans } from './plans.ts';
import { setGrants } from '../features/circle/store.ts';
import { add as addSuggestion, decide as decideSuggestion } from '../features/circle/suggestions-store.ts';
import { PLAN_PARTS } from '../features/plan/service.ts';
import { demoWellbeingPlans } from './wellbeing.ts';
import { demoCheckIns } from './check-ins.ts';
import { saveSettings } from '../features/journey/reminders.ts';
import { JOURNEY_PART } from '../features/journey/service.ts';
import { addHelpline, setNation } from '../features/organisations/store.ts';

export const DEMO_ORGANISATION = 'Riverside Recovery Service';

/** The README's table of demo accounts comes from here: keep the two the same. */
export const DEMO_ACCOUNTS = [
  { key: 'alex', email: 'alex@example.org', password: 'kite-meadow-lantern', displayName: 'Alex', role: 'person' },
  { key: 'sam', email: 'sam@example.org', password: 'harbour-willow-tune', displayName: 'Sam', role: 'person' },
  { key: 'priya', email: 'priya@example.org', password: 'compass-bramble-song', displayName: 'Priya', role: 'supporter' },
  { key: 'jordan', email: 'jordan@example.org', password: 'orchard-signal-stone', displayName: 'Jordan', role: 'admin' },
  { key: 'dan', email: 'dan@example.org', password: 'ember-thistle-harbour', displayName: 'Dan', role: 'carer' },
  { key: 'ceri', email: 'ceri@example.org', password: 'lantern-bracken-quay', displayName: 'Ceri', role: 'listings-editor' },
] as const;

/** Priya's authenticator app key (RFC 6238, SHA-1, 6 digits, 30 seconds), given in the README so
 *  anyone can add it to an app and sign in as her. A demo value: public, and never for real use. */
export const DEMO_AUTHENTICATOR_SECRET = 'WAYMARKDEMOPRIYAWAYMARKDEMOPRIYA';

// Ofcom's numbers for drama: they reach nobody.
const DEMO_HELPLINES = [
  { name: 'Riverside crisis line', phone: '01632 960000', hours: '24 hours, every day' },
  { name: 'Riverside Recovery Service duty worker', phone: '01632 960001', hours: 'Monday to Friday, 9am to 5pm' },
];

/** Whether any demo account, whose password is published, is in this database. */
export async function hasDemoAccounts(db: Db): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(accounts)
    .where(
      inArray(
        accounts.email,
        DEMO_ACCOUNTS.map((a) => a.email),
      ),
    );
  return (row?.n ?? 0) > 0;
}

/** Creates the demo people once, on an empty database. Returns whether it did. With `secrets`
 *  (the service's sealer for authenticator keys), Priya has an authenticator app set up. */
export async function seedDemoData(db: Db, now: Date = new Date(), secrets?: Sealer): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(accounts);
  if ((row?.n ?? 0) > 0) return false;
  const ids: Record<string, string> = {};
  for (const a of DEMO_ACCOUNTS) {
    const created = await insertAccount(db, {
      email: a.email,
      displayName: a.displayName,
      passwordHash: await hashPassword(a.password),
      now,
    });
    ids[a.key] = created.id;
    if (a.role === 'supporter' || a.role === 'admin' || a.role === 'listings-editor') {
      await addMembership(db, { organisationName: DEMO_ORGANISATION, accountId: created.id, role: a.role, now });
    }
  }
  const people = { alex: ids.alex ?? '', sam: ids.sam ?? '' };
  await demoPlans(db, now, people);
  await demoWellbeingPlans(db, now, people);
  await demoCheckIns(db, now, people.alex);
  await saveSettings(db, people.alex, { frequency: 'weekly', time: '19:00', quietDays: [], reviewReminder: true }, now);
  for (const accountId of Object.values(people)) {
    await addMembership(db, { organisationName: DEMO_ORGANISATION, accountId, role: 'person', now });
  }
  const [org] = await db.select().from(organisations).where(eq(organisations.name, DEMO_ORGANISATION));
  for (const line of DEMO_HELPLINES) await addHelpline(db, { organisationId: org?.id ?? '', ...line, now });
  // Its people's help page opens on England's numbers until they choose another nation.
  await setNation(db, org?.id ?? '', 'england');
  // Alex works with Priya, a supporter there, on the recovery plan and the crisis plan, and lets her see
  // their check-ins and journey; Sam shares nothing.
  const alex = ids.alex ?? '';
  const priya = ids.priya ?? '';
  await db.insert(circleMembers).values({ ownerId: alex, memberId: priya, viaOrganisationId: org?.id ?? null, addedAt: now });
  await setGrants(
    db,
    alex,
    priya,
    [
      ...[...Object.values(PLAN_PARTS), 'crisis-plan'].map((part) => ({ part, level: 'suggest' as const })),
      { part: JOURNEY_PART, level: 'see' as const },
    ],
    null,
    now,
  );
  // Priya has one suggestion waiting for Alex, and one Alex declined: where they see things differently.
  await addSuggestion(db, {
    ownerId: alex,
    authorId: priya,
    kind: 'goal',
    part: PLAN_PARTS.goals,
    goalId: null,
    text: 'Try the Tuesday peer support group',
    now,
  });
  const declined = await addSuggestion(db, {
    ownerId: alex,
    authorId: priya,
    kind: 'comment',
    part: 'crisis-plan',
    goalId: null,
    text: 'Would it help to name the crisis team as the first people to call?',
    now: new Date(now.getTime() - 7 * 86_400_000),
  });
  await decideSuggestion(db, declined, {
    status: 'declined',
    reply: 'I would rather call Dan first: he knows me, and he can come round.',
    now: new Date(now.getTime() - 6 * 86_400_000),
  });
  // Alex's brother Dan, named in the crisis plan, sees that plan only, until 3 March next year.
  const dan = ids.dan ?? '';
  await db.insert(circleMembers).values({ ownerId: alex, memberId: dan, addedAt: now });
  await setGrants(db, alex, dan, [{ part: 'crisis-plan', level: 'see' }], new Date(Date.UTC(now.getUTCFullYear() + 1, 2, 3)), now);
  await demoDirectory(db, now, org?.id ?? '', people.alex);
  if (secrets) {
    await db
      .insert(authenticators)
      .values({ accountId: priya, secretSealed: secrets.seal(DEMO_AUTHENTICATOR_SECRET), createdAt: now, confirmedAt: now });
  }
  return true;
}
