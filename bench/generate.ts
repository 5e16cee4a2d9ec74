// Makes a realistic data set for benchmarks: many people, each with a recovery plan,
// staying-well, crisis and safety plans, written change by change so histories are long.
import type { Db } from '../src/db/client.ts';
import { insertAccount } from '../src/features/accounts/store.ts';
import { hashPassword } from '../src/features/accounts/passwords.ts';
import * as planEdits from '../src/features/plan/edits.ts';
import { CHIME, emptyPlan, planSchema } from '../src/features/plan/model.ts';
import { PLAN_KIND } from '../src/features/plan/service.ts';
import * as wellEdits from '../src/features/staying-well/edits.ts';
import { contentSchema, emptyContent, PLAN_DEFS } from '../src/features/staying-well/model.ts';
import { VersionedDocuments } from '../src/platform/documents.ts';

export const BENCH_PASSWORD = 'bench-people-passphrase';

const words = 'walk garden friends music cook swim read paint volunteer learn rest call visit sleep breathe write'.split(' ');
const phrase = (i: number, n: number) => Array.from({ length: n }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ');

export interface Generated {
  emails: string[];
}

export async function generate(db: Db, people: number, goalsEach: number): Promise<Generated> {
  const clock = { now: () => new Date() };
  const plans = new VersionedDocuments(db, clock, PLAN_KIND, planSchema, emptyPlan);
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const emails: string[] = [];
  for (let p = 0; p < people; p++) {
    const email = `bench${p}@example.org`;
    const account = await insertAccount(db, { email, displayName: `Person ${p}`, passwordHash, now: new Date() });
    emails.push(email);
    const doc = await plans.forOwner(account.id);
    await plans.change(doc.id, account.id, 'meaning', (c) => planEdits.writeMeaning(c, phrase(p, 30), new Date()));
    for (let g = 0; g < goalsEach; g++) {
      const chime = [CHIME[g % CHIME.length] ?? 'hope'];
      await plans.change(doc.id, account.id, 'goal.added', (c) =>
        planEdits.addGoal(c, { title: phrase(p + g, 5), why: phrase(g, 40), chime, lifeArea: null, status: 'working' }, new Date()),
      );
    }
    for (const def of PLAN_DEFS) {
      const docs = new VersionedDocuments(db, clock, def.kind, contentSchema, emptyContent);
      const wellbeing = await docs.forOwner(account.id);
      for (const section of def.sections.filter((s) => s.kind === 'list').slice(0, 4)) {
        const values = Object.fromEntries(section.fields.map((f) => [f.name, f.type === 'choice' ? (f.choices?.[0] ?? '') : f.type === 'phone' ? '01632 960000' : phrase(p, 8)]));
        await docs.change(wellbeing.id, account.id, `${section.key}.added`, (c) => wellEdits.addEntry(c, section.key, values));
      }
    }
  }
  return { emails };
}
