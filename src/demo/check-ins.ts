import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { checkIns, documents } from '../db/schema.ts';
import { AREAS, CHECK_IN, score, type Area } from '../features/journey/measures.ts';
import { contentSchema, itemsOf } from '../features/staying-well/model.ts';

const DAY = 24 * 60 * 60 * 1000;
const DAYS = 240;

/** Where each area starts and ends over the eight months: hope and meaning rise, the rest wander. */
const COURSE: Record<Area, [number, number]> = {
  connection: [2, 2.4],
  hope: [0.8, 3.3],
  identity: [1.8, 2.2],
  meaning: [1, 3.1],
  control: [1.6, 2.3],
};

const NOTES: Record<number, string> = {
  5: 'First week back at the allotment. Tired but glad I went.',
  31: 'Hard few days. Called Mia, which helped.',
  62: 'Started the volunteering taster at the library.',
  104: 'Saturday with Mia at the coast.',
  150: 'Got through the appointment on my own. Proud of that.',
  201: 'Library asked if I would do two mornings a week.',
  236: 'Looked back at my journey today. Things have moved.',
};

/** A repeatable sequence, so the demo looks the same every time it is made. */
function sequence(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

/** Alex's eight months of check-ins: most weeks, not every day, with a note now and then. */
export async function demoCheckIns(db: Db, now: Date, alexId: string): Promise<void> {
  const [plan] = await db
    .select({ content: documents.content })
    .from(documents)
    .where(and(eq(documents.ownerId, alexId), eq(documents.kind, 'staying-well')));
  const parsed = contentSchema.safeParse(plan?.content);
  const keepWell = parsed.success ? itemsOf(parsed.data, 'keepWell').map((i) => i.id) : [];
  const random = sequence(20_260_301);
  const rows = [];
  for (let d = 0; d < DAYS; d += 1) {
    if (random() > 0.4 && !(d in NOTES)) continue;
    const progress = d / (DAYS - 1);
    const answers: Record<string, number> = {};
    for (const area of AREAS) {
      const [from, to] = COURSE[area];
      const wobble = (random() - 0.5) * 1.6;
      answers[area] = Math.max(0, Math.min(4, Math.round(from + (to - from) * progress + wobble)));
    }
    const at = new Date(now.getTime() - (DAYS - d) * DAY + 19 * 60 * 60 * 1000 - (now.getTime() % DAY));
    const { total, subscales } = score(CHECK_IN, answers);
    rows.push({
      ownerId: alexId,
      measureId: CHECK_IN.id,
      measureVersion: CHECK_IN.version,
      answers,
      scores: { total, subscales },
      note: NOTES[d] ?? '',
      keptWell: keepWell.filter(() => random() > 0.5),
      warningSigns: d === 31,
      createdAt: at,
      updatedAt: at,
    });
  }
  await db.insert(checkIns).values(rows);
}
