import type { Translate } from '../../platform/i18n.ts';
import { CRISIS, itemsOf, sectionOf, STAYING_WELL, textOf, type Content, type FieldDef, type PlanDef, type SectionDef } from './model.ts';
import { localLine, nationalLine, personLine, type PdfCalls } from './pdf-calls.ts';
import { A4_LOOKS, A6_LOOKS, clean, formatDate, Page, type CardPdfInput, type Looks, type PlanPdfInput, type Run } from './pdf-page.ts';

/**
 * The printable plan (A4) and the crisis card to keep in a pocket (A6), drawn with
 * DejaVu Sans: the standard PDF fonts have no ŵ or ŷ, so they are never loaded.
 * Every word on the page is either the person's own or comes from the copy.
 */

const copyOf = (def: PlanDef, section: SectionDef): string => `staying-well:sections.${def.slug}.${section.key}`;

/** An item of a list as paragraphs: a choice as its copy, the first written field in bold,
 *  the others after their labels. */
function itemRuns(t: Translate, def: PlanDef, section: SectionDef, values: Record<string, string>, indent: number): Run[] {
  const runs: Run[] = [];
  let lead = true;
  for (const field of section.fields) {
    const value = clean(values[field.name] ?? '');
    if (!value) continue;
    runs.push(fieldRun(t, def, section, field, value, lead, indent));
    if (field.type !== 'choice') lead = false;
  }
  return runs;
}

function fieldRun(t: Translate, def: PlanDef, section: SectionDef, field: FieldDef, value: string, lead: boolean, indent: number): Run {
  if (field.type === 'choice') return { text: t(`staying-well:choices.${field.name}.${value}`), look: 'tag', indent };
  if (lead) return { text: value, look: 'lead', indent };
  return { text: `${t(`${copyOf(def, section)}.fields.${field.name}.label`)}: ${value}`, look: 'body', indent };
}

/** A one-off section as groups of paragraphs, each kept together where it fits. */
function textGroups(t: Translate, def: PlanDef, section: SectionDef, content: Content): Run[][] {
  const text = textOf(content, section.key);
  const label = (name: string): Run => ({ text: t(`${copyOf(def, section)}.fields.${name}.label`), look: 'subheading' });
  const written = section.fields
    .map((f): [Run, Run] => [label(f.name), { text: clean(text.values[f.name] ?? ''), look: 'body' }])
    .filter(([, v]) => v.text);
  if (!text.savedAt || !written.length) return [[{ text: t('staying-well:overview.notWritten'), look: 'muted' }]];
  const dated: Run = { text: t('staying-well:overview.savedOn', { date: formatDate(new Date(text.savedAt)) }), look: 'subheading' };
  return section.dated ? [[dated], ...written] : written;
}

export function writeSection(page: Page, t: Translate, def: PlanDef, section: SectionDef, content: Content): void {
  const copy = copyOf(def, section);
  const bullet = page.looks.body.size * 1.3;
  const heading: Run = { text: t(`${copy}.title`), look: 'heading' };
  const items = section.kind === 'list' ? itemsOf(content, section.key).map((item) => itemRuns(t, def, section, item.values, bullet)) : [];
  const groups = section.kind === 'list' ? items : textGroups(t, def, section, content);
  const first = groups[0] ?? [{ text: t(`${copy}.empty`), look: 'muted' }];
  page.keep(page.height([heading, ...first.slice(0, 2)]) + (first.length > 2 ? 0 : page.looks.body.size));
  page.write(heading);
  if (!groups.length) page.block(first);
  for (const runs of groups) {
    page.block(runs, items.length > 0);
    if (items.length) page.space(page.looks.body.size * 0.5);
  }
  page.space(page.looks.heading.size * 0.8);
}

/** "My staying-well and crisis plan": both plans, every section, on A4. */
export function planPdf(input: PlanPdfInput): Promise<Buffer> {
  const { t } = input;
  const title = t('staying-well:pdf.planTitle');
  const page = new Page(A4_LOOKS, 'A4', 56, input, title);
  page.write({ text: title, look: 'title' });
  page.write({ text: t('staying-well:pdf.of', { name: clean(input.name) }), look: 'name' });
  page.write({ text: t('staying-well:pdf.made', { date: formatDate(input.madeOn) }), look: 'meta' });
  for (const [def, content] of [
    [STAYING_WELL, input.stayingWell],
    [CRISIS, input.crisis],
  ] as const) {
    page.keep(120);
    page.write({ text: t(`staying-well:plans.${def.slug}.title`), look: 'plan' });
    page.rule();
    for (const section of def.sections) writeSection(page, t, def, section, content);
    page.space(12);
  }
  return page.finish();
}

/** The start of a long text, cut at a word with an ellipsis to fit in `lines` lines. */
function clip(page: Page, text: string, look: keyof Looks, lines: number): Run {
  const flat = text.replace(/\s+/g, ' ');
  const fits = (s: string) => page.height([{ text: s, look }]) - page.looks[look].after <= lines * page.looks[look].size * 1.3;
  if (flat.length <= 400 && fits(flat)) return { text: flat, look };
  // two lines of the card hold far fewer than 400 letters
  const words = flat.slice(0, 400).split(' ');
  let [lo, hi] = [0, words.length];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(`${words.slice(0, mid).join(' ')}…`)) lo = mid;
    else hi = mid - 1;
  }
  const start = lo ? words.slice(0, lo).join(' ') : (/(?:\P{M}\p{M}*){1,20}/u.exec(flat)?.[0] ?? '');
  return { text: `${start}…`, look };
}

/** The front of the card, before anything else: the first person to call, the local crisis line
 *  and the national numbers, so they are on the front however much else there is. */
function writeCallFirst(page: Page, t: Translate, calls: PdfCalls): void {
  const first = calls.people[0];
  const local = calls.local[0];
  const lines: Run[] = [
    ...(first ? [{ text: personLine(first), look: 'lead' as const }] : []),
    ...(local ? [{ text: localLine(local), look: 'lead' as const }] : []),
  ];
  if (lines.length) page.block([{ text: t('staying-well:pdf.callFirst'), look: 'heading' }, ...lines]);
  page.band({ text: nationalLine(t, calls.national), look: 'lead' }, 5);
  page.space(6);
}

/** "If I am in crisis": the crisis plan's most urgent parts on an A6 card, continued on
 *  a second card, never cut short, when there is more than one card holds. */
export function cardPdf(input: CardPdfInput): Promise<Buffer> {
  const { t, crisis } = input;
  const title = t('staying-well:pdf.cardTitle');
  const page = new Page(A6_LOOKS, 'A6', 20, input, title);
  page.write({ text: title, look: 'title' });
  page.write({ text: t('staying-well:pdf.of', { name: clean(input.name) }), look: 'name' });
  writeCallFirst(page, t, input.calls);
  const bullet = page.looks.body.size * 1.3;
  const list = (key: string, heading: string, runsOf: (values: Record<string, string>) => Run[]) => {
    const items = itemsOf(crisis, key)
      .map((item) => runsOf(item.values))
      .filter((runs) => runs.length);
    if (!items.length) return;
    const head: Run = { text: heading, look: 'heading' };
    page.keep(page.height([head]) + page.height(items[0] ?? []));
    page.write(head);
    for (const runs of items) page.block(runs, true);
    page.space(4);
  };
  const section = (key: string): SectionDef => {
    const found = sectionOf(CRISIS, key);
    if (!found) throw new Error(`no crisis plan section ${key}`);
    return found;
  };
  const sectionTitle = (key: string) => t(`staying-well:sections.crisis.${key}.title`);
  const simple = (key: string) => list(key, sectionTitle(key), (v) => itemRuns(t, CRISIS, section(key), v, bullet));

  simple('stepIn');
  list('contacts', t('staying-well:pdf.contacts'), (v) => {
    const name = [v.name, v.relationship]
      .map((s) => clean(s ?? ''))
      .filter(Boolean)
      .join(', ');
    const phone = clean(v.phone ?? '');
    const what = clean(v.whatToDo ?? '');
    return [
      { text: name, look: 'lead' as const, indent: bullet },
      ...(phone ? [{ text: phone, look: 'lead' as const, indent: bullet }] : []),
      ...(what ? [{ text: what, look: 'body' as const, indent: bullet }] : []),
    ];
  });
  simple('helps');
  simple('notHelps');

  const advance = textOf(crisis, 'advance');
  const wishes = ['wants', 'refusals']
    .map((f) => ({ f, value: clean(advance.values[f] ?? '') }))
    .filter((x) => x.value)
    .flatMap(({ f, value }): Run[] => [
      { text: t(`staying-well:sections.crisis.advance.fields.${f}.label`), look: 'subheading' },
      clip(page, value, 'body', 2),
    ]);
  if (advance.savedAt && wishes.length) {
    const head: Run = { text: sectionTitle('advance'), look: 'heading' };
    const date: Run = { text: t('staying-well:overview.savedOn', { date: formatDate(new Date(advance.savedAt)) }), look: 'muted' };
    page.block([head, date, ...wishes]);
    page.space(4);
  }

  page.space(2);
  page.write({ text: t('staying-well:pdf.made', { date: formatDate(input.madeOn) }), look: 'meta' });
  return page.finish();
}
