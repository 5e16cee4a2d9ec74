import type { Db } from '../db/client.ts';
import { VersionedDocuments } from '../platform/documents.ts';
import * as edits from '../features/staying-well/edits.ts';
import { contentFormat, CRISIS, emptyContent, SAFETY, STAYING_WELL, type PlanDef } from '../features/staying-well/model.ts';

type Entry = [section: string, values: Record<string, string>];

/** Writes a demo wellbeing plan one entry at a time, so its history has real steps. */
async function write(db: Db, def: PlanDef, ownerId: string, at: Date, entries: Entry[]): Promise<void> {
  const docs = new VersionedDocuments(db, { now: () => at }, def.kind, contentFormat, emptyContent);
  const doc = await docs.forOwner(ownerId);
  for (const [section, values] of entries) {
    const isText = def.sections.find((s) => s.key === section)?.kind === 'text';
    await docs.change(doc.id, ownerId, `${section}.${isText ? 'saved' : 'added'}`, (c) =>
      isText ? edits.saveText(c, section, values, c.texts[section]?.rev ?? 0, at) : edits.addEntry(c, section, values),
    );
  }
}

const DAY = 24 * 60 * 60 * 1000;

export async function demoWellbeingPlans(db: Db, now: Date, ids: { alex: string; sam: string }): Promise<void> {
  const at = new Date(now.getTime() - 20 * DAY);
  await write(db, STAYING_WELL, ids.alex, at, [
    [
      'whenWell',
      {
        text: 'I get up early, walk to the allotment and chat to whoever is there.',
        mine: '',
        others: 'Notice it and say so: it helps to hear it.',
      },
    ],
    [
      'keepWell',
      { when: 'everyDay', text: 'A proper breakfast and a walk before ten.', mine: 'Lay out my shoes the night before.', others: '' },
    ],
    [
      'keepWell',
      {
        when: 'everyWeek',
        text: 'Tuesdays at the allotment, Saturdays with Mia.',
        mine: '',
        others: 'Dan gives me a lift if the bus is off.',
      },
    ],
    ['keepWell', { when: 'nowAndThen', text: 'A day at the coast.', mine: 'Put a little money aside for the train.', others: '' }],
    [
      'triggers',
      { text: 'Letters about money.', mine: 'Open them with someone, not alone at night.', others: 'Sit with me while I read them.' },
    ],
    [
      'triggers',
      { text: 'The anniversary of Dad dying in March.', mine: 'Plan something gentle for the day.', others: 'Check in with me that week.' },
    ],
    [
      'warningSigns',
      {
        text: 'I stop answering messages and sleep in late.',
        mine: 'Text Dan one word, even just "low".',
        others: 'Knock on the door, not just text.',
      },
    ],
    ['warningSigns', { text: 'I skip the allotment two weeks running.', mine: 'Go for ten minutes anyway.', others: '' }],
    [
      'worse',
      { text: 'I stop eating properly and stay in the flat for days.', mine: '', others: 'Call my key worker and come round with food.' },
    ],
  ]);
  await write(db, CRISIS, ids.alex, at, [
    ['stepIn', { text: 'I have not left the flat or answered the phone for three days.' }],
    ['stepIn', { text: 'I talk about not wanting to be here.' }],
    [
      'contacts',
      {
        name: 'Dan (my brother)',
        phone: '07700 900123',
        relationship: 'brother',
        whatToDo: 'Come round, stay with me, and call the crisis team with me.',
      },
    ],
    [
      'contacts',
      {
        name: 'Priya',
        phone: '01632 960123 ext 4',
        relationship: 'my peer support worker',
        whatToDo: 'Help me look at this plan and remind me what helped last time.',
      },
    ],
    ['notInvolved', { name: 'My ex-partner', why: '' }],
    ['helps', { text: 'Someone calm sitting with me; a cup of tea; the window open.' }],
    ['notHelps', { text: 'Lots of questions at once, or being told to cheer up.' }],
    [
      'advance',
      {
        wants: 'Please talk to me before any change of medicine. I would like to be treated at home with the crisis team if it is safe.',
        refusals: 'I do not want to be moved far from Mia. I do not want the medicine that made me sleep all day in 2019.',
      },
    ],
    ['carePlace', { where: 'At home, or at the crisis house on Mill Road.', whereNot: 'Out of area.' }],
    ['practical', { matter: 'children', what: 'Mia stays with her mum; tell her school I am unwell, nothing more.', who: 'Dan' }],
    ['practical', { matter: 'pets', what: 'Feed Pepper (the cat) twice a day.', who: 'Mrs Khan next door' }],
    ['practical', { matter: 'bills', what: 'Rent is paid by direct debit; post the letters on to Dan.', who: 'Dan' }],
    ['afterHelps', { text: 'A slow first week back: short walks, the allotment, seeing Mia.' }],
    ['lookBack', { text: 'With Priya, a couple of weeks later, over a coffee: what helped and what we would change in this plan.' }],
  ]);
  await write(db, SAFETY, ids.alex, at, [
    ['warningSigns', { text: 'Lying awake going over the same thoughts.' }],
    ['onMyOwn', { text: 'Hot shower, then my playlist with headphones.' }],
    ['onMyOwn', { text: 'Walk round the block, counting gardens with flowers.' }],
    ['distractions', { text: 'The café in the park, by the window.', phone: '' }],
    ['askForHelp', { name: 'Dan', phone: '07700 900123' }],
    ['professionals', { name: 'My GP, Riverside Surgery', phone: '01632 960456' }],
    ['safer', { text: 'Ask Dan to keep my spare medicine at his.' }],
    ['reasons', { text: 'Mia. Seeing her grow up.' }],
    ['reasons', { text: 'The allotment in summer.' }],
  ]);
  await write(db, STAYING_WELL, ids.sam, at, [
    ['whenWell', { text: 'I draw most evenings and go to my faith group on Sundays.', mine: '', others: '' }],
    ['keepWell', { when: 'everyDay', text: 'Feeding Biscuit and ten minutes of drawing.', mine: '', others: '' }],
    [
      'triggers',
      { text: 'Loud neighbours late at night.', mine: 'Earplugs and my white-noise app.', others: 'Help me write to the housing officer.' },
    ],
    [
      'warningSigns',
      { text: 'I stop drawing and the flat gets messy.', mine: 'Tell my support worker.', others: 'Ask me about my drawings.' },
    ],
    ['worse', { text: 'I feel unsafe at home and cannot sleep at all.', mine: '', others: 'Help me get somewhere safe for the night.' }],
  ]);
  await write(db, CRISIS, ids.sam, at, [
    ['stepIn', { text: 'I have not slept for two nights and I am frightened to be at home.' }],
    [
      'contacts',
      {
        name: 'Grace',
        phone: '+44 7700 900456',
        relationship: 'friend from my faith group',
        whatToDo: 'Stay with me, and look after Biscuit.',
      },
    ],
    ['helps', { text: 'Quiet, low lights, someone I trust nearby.' }],
    ['notHelps', { text: 'Being touched without being asked.' }],
    ['advance', { wants: 'A female worker where possible. Explain things to me slowly and in writing too.', refusals: '' }],
    ['practical', { matter: 'pets', what: 'Biscuit needs feeding twice a day; food is under the sink.', who: 'Grace' }],
    ['practical', { matter: 'faith', what: 'Please let my pastor know, so people can pray for me.', who: 'Grace' }],
  ]);
  await write(db, SAFETY, ids.sam, at, [
    ['warningSigns', { text: 'Feeling like the walls are closing in.' }],
    ['onMyOwn', { text: 'Draw anything at all for five minutes.' }],
    ['askForHelp', { name: 'Grace', phone: '+44 7700 900456' }],
    ['professionals', { name: 'Community mental health team', phone: '01632 960789' }],
    ['safer', { text: 'Keep the door chain on and my phone charged.' }],
    ['reasons', { text: 'Biscuit. My drawings. The people at church.' }],
  ]);
}
