// Makes a realistic data set for benchmarks through the app's own services, as the pages do:
// accounts (with their audit events), and for each person a recovery plan with goals, steps and
// notes, and staying-well, crisis and safety plans, written change by change so histories are long;
// and two years of daily check-ins.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../src/db/client.ts';
import { authenticators, checkIns, circleMembers } from '../src/db/schema.ts';
import { authenticatorSealer } from '../src/platform/sealed.ts';
import { BENCH_SESSION_SECRET } from './processes.ts';
import { AREAS, CHECK_IN, score } from '../src/features/journey/measures.ts';
import { hashPassword } from '../src/features/accounts/passwords.ts';
import { addMembership, insertAccount } from '../src/features/accounts/store.ts';
import { setGrants } from '../src/features/circle/store.ts';
import * as planEdits from '../src/features/plan/edits.ts';
import { CHIME, LIFE_AREAS, LIST_SECTIONS } from '../src/features/plan/model.ts';
import { PLAN_PARTS, PlanService } from '../src/features/plan/service.ts';
import * as wellEdits from '../src/features/staying-well/edits.ts';
import { PLAN_DEFS, type SectionDef } from '../src/features/staying-well/model.ts';
import { WellbeingPlans } from '../src/features/staying-well/service.ts';
import { FolderNotifier } from '../src/platform/notify.ts';
import type { EditResult } from '../src/platform/owned-documents.ts';
import type { Viewer } from '../src/platform/record-access.ts';
import { createServices, type Services } from '../src/services.ts';

export const BENCH_PASSWORD = 'bench-people-passphrase';
const IP = '127.0.0.1';

const words = 'walk garden friends music cook swim read paint volunteer learn rest call visit sleep breathe write'.split(' ');
const phrase = (i: number, n: number) => Array.from({ length: n }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ');

export interface Generated {
  emails: string[];
  /** A supporter whom the first `shape.caseload` people share their recovery and crisis plans with. */
  supporter: string;
}

export interface Shape {
  people: number;
  /** Goals in each recovery plan, each with two steps and a progress note. */
  goals: number;
  /** People written at once (PostgreSQL has a pool; PGlite one connection). */
  concurrency: number;
  /** How many of them share with the one supporter (at most `people`); none by default. */
  caseload?: number;
}

export const BENCH_SUPPORTER = 'bench-supporter@example.org';
/** The bench supporter's authenticator key: supporters open nothing shared without one. */
export const BENCH_TOTP_SECRET = 'BENCHSUPPORTERBENCHSUPPORTERBENC';
const SHARED = [...Object.values(PLAN_PARTS), 'crisis-plan'];

function must(result: EditResult): string {
  if (result.kind !== 'ok') throw new Error(`a generated edit was refused: ${result.kind}`);
  return result.id ?? '';
}

const valuesFor = (section: SectionDef, p: number) =>
  Object.fromEntries(
    section.fields.map((f) => [f.name, f.type === 'choice' ? (f.choices?.[0] ?? '') : f.type === 'phone' ? '01632 960000' : phrase(p, 8)]),
  );

async function person(s: Services, passwordHash: string, p: number, goals: number): Promise<{ email: string; id: string }> {
  const email = `bench${p}@example.org`;
  // As a confirmed sign-up leaves it (the emailed link is not what is measured).
  const created = await insertAccount(s.db, { email, displayName: `Person ${p}`, passwordHash, now: s.clock.now() });
  const me: Viewer = { me: { id: created.id, email, displayName: `Person ${p}`, roles: [], sessionHash: '', secondsLeft: 0 }, ip: IP };

  const service = new PlanService(s);
  const plans = service.docs.for(me);
  const plan = (await plans.mine()).id;
  must(await plans.edit(plan, 'meaning', (c) => planEdits.writeMeaning(c, phrase(p, 30), service.now())));
  for (const section of LIST_SECTIONS) {
    for (let i = 0; i < 3; i++)
      must(await plans.edit(plan, `${section}.added`, (c) => planEdits.addListItem(c, section, phrase(p + i, 6))));
  }
  for (let g = 0; g < goals; g++) {
    const fields = {
      title: phrase(p + g, 5),
      why: phrase(g, 40),
      chime: [CHIME[g % CHIME.length] ?? 'hope'],
      lifeArea: LIFE_AREAS[g % LIFE_AREAS.length] ?? null,
      status: 'working' as const,
    };
    const goal = must(await plans.edit(plan, 'goal.added', (c) => planEdits.addGoal(c, fields, service.now())));
    for (let k = 0; k < 2; k++) {
      must(
        await plans.edit(plan, 'step.added', (c) =>
          planEdits.addStep(c, goal, { text: phrase(p + k, 8), whoHelps: phrase(k, 2), dueDate: null }),
        ),
      );
    }
    must(await plans.edit(plan, 'note.added', (c) => planEdits.addNote(c, goal, phrase(p * g, 20), me.me.id, service.now())));
  }

  const wellbeing = new WellbeingPlans(s);
  for (const def of PLAN_DEFS) {
    const docs = wellbeing.of(def).for(me);
    const doc = (await docs.mine()).id;
    for (const section of def.sections.filter((x) => x.kind === 'list')) {
      must(await docs.edit(doc, `${section.key}.added`, (c) => wellEdits.addEntry(c, section.key, valuesFor(section, p))));
    }
  }
  await checkInsFor(s, created.id, p);
  return { email, id: created.id };
}

/** A supporter of a generated organisation, in the circle of each of `owners` (picked from its
 *  list, as a person would), seeing and suggesting on their recovery and crisis plans. */
async function caseload(s: Services, passwordHash: string, owners: string[]): Promise<void> {
  const now = s.clock.now();
  const supporter = await insertAccount(s.db, { email: BENCH_SUPPORTER, displayName: 'Bench supporter', passwordHash, now });
  const organisationId = await addMembership(s.db, {
    organisationName: 'Bench organisation',
    accountId: supporter.id,
    role: 'supporter',
    now,
  });
  const secretSealed = authenticatorSealer(BENCH_SESSION_SECRET).seal(BENCH_TOTP_SECRET);
  await s.db.insert(authenticators).values({ accountId: supporter.id, secretSealed, createdAt: now, confirmedAt: now });
  for (const ownerId of owners) {
    await addMembership(s.db, { organisationName: 'Bench organisation', accountId: ownerId, role: 'person', now });
    await s.db.insert(circleMembers).values({ ownerId, memberId: supporter.id, viaOrganisationId: organisationId, addedAt: now });
    await setGrants(
      s.db,
      ownerId,
      supporter.id,
      SHARED.map((part) => ({ part, level: 'suggest' as const })),
      null,
      now,
    );
  }
}

const DAY = 24 * 60 * 60 * 1000;
/** Two years of daily check-ins: the journey page's heaviest realistic case. */
export const CHECK_IN_DAYS = 730;

async function checkInsFor(s: Services, ownerId: string, p: number): Promise<void> {
  const now = s.clock.now().getTime();
  const rows = Array.from({ length: CHECK_IN_DAYS }, (_, d) => {
    const answers = Object.fromEntries(AREAS.map((a, i) => [a, (p + d + i) % 5]));
    const { total, subscales } = score(CHECK_IN, answers);
    const at = new Date(now - (CHECK_IN_DAYS - d) * DAY);
    return {
      ownerId,
      measureId: CHECK_IN.id,
      measureVersion: CHECK_IN.version,
      answers,
      scores: { total, subscales },
      note: d % 7 === 0 ? phrase(p + d, 12) : '',
      createdAt: at,
      updatedAt: at,
    };
  });
  await s.db.insert(checkIns).values(rows);
}

/** Writes `shape.people` people, `concurrency` at a time; bench<N>@example.org, all with BENCH_PASSWORD.
 *  The services are the app's own (createServices), so every write goes where a page's would. */
export async function generate(database: Database, shape: Shape): Promise<Generated> {
  const s = await createServices({
    database,
    config: { secureCookies: false, baseUrl: 'http://127.0.0.1', sessionSecret: BENCH_SESSION_SECRET },
    notify: new FolderNotifier(join(tmpdir(), 'waymark-bench-outbox')),
  });
  try {
    const made = new Array<{ email: string; id: string }>(shape.people);
    let next = 0;
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    const worker = async () => {
      for (let p = next++; p < shape.people; p = next++) made[p] = await person(s, passwordHash, p, shape.goals);
    };
    await Promise.all(Array.from({ length: Math.max(1, shape.concurrency) }, worker));
    if (shape.caseload)
      await caseload(
        s,
        passwordHash,
        made.slice(0, shape.caseload).map((m) => m.id),
      );
    return { emails: made.map((m) => m.email), supporter: BENCH_SUPPORTER };
  } finally {
    await s.jobs.stop();
  }
}
