import type { Db } from '../db/client.ts';
import { VersionedDocuments } from '../platform/documents.ts';
import * as edits from '../features/plan/edits.ts';
import { emptyPlan, planFormat, type Plan } from '../features/plan/model.ts';
import { PLAN_KIND } from '../features/plan/service.ts';

const DAY = 24 * 60 * 60 * 1000;
/** One change as a person makes it: its kind (as the routes record it) and the edit itself. */
interface Change {
  kind: string;
  edit: (p: Plan, at: Date, ownerId: string) => edits.Edit;
  /** The item it changes, where the edit alone does not say (a step marked done, a note). */
  item?: (p: Plan) => string;
}

/** Writes a demo plan change by change, days apart, so its history reads like a real one:
 *  each version records its real kind of change and item, as the routes do. */
async function writePlan(db: Db, ownerId: string, start: Date, changes: Change[]): Promise<void> {
  let at = start;
  const docs = new VersionedDocuments(db, { now: () => at }, PLAN_KIND, planFormat, emptyPlan);
  const doc = await docs.forOwner(ownerId);
  for (const change of changes) {
    at = new Date(at.getTime() + 2 * DAY + 3 * 60 * 60 * 1000);
    const current = (await docs.forOwner(ownerId)).content;
    await docs.change(doc.id, ownerId, { kind: change.kind, item: change.item?.(current) ?? null }, (p) => change.edit(p, at, ownerId));
  }
}

const goalOf = (p: Plan, title: string) => p.goals.find((g) => g.title === title);
const goalId = (p: Plan, title: string) => goalOf(p, title)?.id ?? '';
const stepId = (p: Plan, title: string, text: string) => goalOf(p, title)?.steps.find((s) => s.text === text)?.id ?? '';

function goal(fields: edits.GoalFields, steps: [text: string, whoHelps: string, done: boolean][], note?: string): Change[] {
  return [
    { kind: 'goal.added', edit: (p, at) => edits.addGoal(p, fields, at) },
    ...steps.flatMap(([text, whoHelps, done]): Change[] => [
      { kind: 'step.added', edit: (p) => edits.addStep(p, goalId(p, fields.title), { text, whoHelps, dueDate: null }) },
      ...(done
        ? [
            {
              kind: 'step.toggled',
              item: (p: Plan) => stepId(p, fields.title, text),
              edit: (p: Plan) => edits.markStep(p, goalId(p, fields.title), stepId(p, fields.title, text), true),
            },
          ]
        : []),
    ]),
    ...(note
      ? [
          {
            kind: 'note.added',
            item: (p: Plan) => goalId(p, fields.title),
            edit: (p: Plan, at: Date, owner: string) => edits.addNote(p, goalId(p, fields.title), note, owner, at),
          },
        ]
      : []),
  ];
}

const meaning = (text: string): Change => ({ kind: 'meaning', edit: (p, at) => edits.writeMeaning(p, text, at) });
const strength = (text: string): Change => ({ kind: 'strengths.added', edit: (p) => edits.addListItem(p, 'strengths', text) });
const matters = (text: string): Change => ({ kind: 'matters.added', edit: (p) => edits.addListItem(p, 'matters', text) });

export async function demoPlans(db: Db, now: Date, ids: { alex: string; sam: string }): Promise<void> {
  const start = new Date(now.getTime() - 90 * DAY);
  await writePlan(db, ids.alex, start, [
    meaning('Getting through each day without feeling I have to hide how I am.'),
    strength('I am a good listener: friends come to me.'),
    strength('I keep going, even on the slow days.'),
    matters('My daughter, Mia.'),
    matters('The allotment on Tuesdays.'),
    ...goal(
      {
        title: 'Get back to swimming once a week',
        why: 'I feel clearer in the water, and it gets me out of the flat.',
        chime: ['empowerment', 'identity'],
        lifeArea: 'personalCare',
        status: 'working',
      },
      [
        ['Find the times for the quiet lane at the leisure centre', 'just me', true],
        ['Go once with my brother', 'my brother Dan', false],
      ],
      'Went on Thursday. Only ten minutes, but I went.',
    ),
    ...goal(
      {
        title: 'Join the walking group in the park',
        why: 'I miss being around people who are not asking how I am.',
        chime: ['connectedness'],
        lifeArea: 'social',
        status: 'working',
      },
      [['Ask Priya when the group meets', 'Priya, my peer worker', true]],
    ),
    ...goal(
      {
        title: 'Plan a day out with Mia for her birthday',
        why: 'I want her to remember a good day with me.',
        chime: ['hope', 'connectedness'],
        lifeArea: 'relationships',
        status: 'achieved',
      },
      [
        ['Save a little each week', 'just me', true],
        ['Book the train', 'my sister', true],
      ],
      'We went to the aquarium. She loved the rays.',
    ),
    ...goal(
      {
        title: 'Volunteer at the food bank',
        why: 'Doing something useful for other people makes me feel like me again.',
        chime: ['meaning'],
        lifeArea: 'work',
        status: 'paused',
      },
      [['Fill in the volunteer form', 'my key worker', true]],
      'Pausing this while I settle into the new flat. I will come back to it.',
    ),
    meaning('Living a life that feels like mine: being a good dad, having people around me, and knowing what helps on the hard days.'),
    { kind: 'review', edit: (p) => edits.setReviewDate(p, new Date(now.getTime() + 30 * DAY).toISOString().slice(0, 10), p.reviewRev) },
  ]);
  await writePlan(db, ids.sam, start, [
    meaning('Feeling safe in my own home and having a bit of hope about the future.'),
    strength('I am creative: I draw and write poems.'),
    strength('I have come through hard times before.'),
    matters('My cat, Biscuit.'),
    matters('My faith community.'),
    ...goal(
      {
        title: 'Take the "Understanding anxiety" course at the recovery college',
        why: 'To learn from people who have been there.',
        chime: ['hope', 'empowerment'],
        lifeArea: 'education',
        status: 'working',
      },
      [
        ['Enrol for the spring term', 'my support worker', true],
        ['Go to the first session', 'just me', false],
      ],
    ),
    ...goal(
      {
        title: 'Sort out my benefits letters',
        why: 'So money stops keeping me up at night.',
        chime: ['empowerment'],
        lifeArea: 'finance',
        status: 'working',
      },
      [['Take the letters to the advice centre', 'Citizens Advice', false]],
    ),
    ...goal(
      {
        title: 'Share a poem at the open-mic night',
        why: 'I want people to know me for my writing.',
        chime: ['identity', 'meaning', 'connectedness'],
        lifeArea: 'social',
        status: 'letGo',
      },
      [],
      'Decided this is not for me right now, and that is OK. I share poems with my group instead.',
    ),
    meaning('Feeling safe at home, having a few people I trust, and making things again.'),
  ]);
}
