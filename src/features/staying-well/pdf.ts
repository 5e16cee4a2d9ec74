import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { Translate } from '../../platform/i18n.ts';
import { withoutBidiControls } from '../../platform/phone.ts';
import { CRISIS, itemsOf, sectionOf, STAYING_WELL, textOf, type Content, type FieldDef, type PlanDef, type SectionDef } from './model.ts';

/**
 * The printable plan (A4) and the crisis card to keep in a pocket (A6), drawn with
 * DejaVu Sans: the standard PDF fonts have no ŵ or ŷ, so they are never loaded.
 * Every word on the page is either the person's own or comes from the copy.
 */
const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const REGULAR = readFileSync(join(fontDir, 'DejaVuSans.ttf'));
const BOLD = readFileSync(join(fontDir, 'DejaVuSans-Bold.ttf'));

const INK = '#212b32';
const MUTED = '#4c6272';
const BLUE = '#005eb8';
const RULE = '#d8dde0';
const BAND = '#e8edee';

export interface PdfInput {
  t: Translate;
  /** the language of the copy, for the document's metadata */
  lang: string;
  name: string;
  /** when the download was made: shown as "Made on …" */
  madeOn: Date;
}

export interface PlanPdfInput extends PdfInput {
  stayingWell: Content;
  crisis: Content;
}

export interface CardPdfInput extends PdfInput {
  crisis: Content;
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const formatDate = (d: Date): string => dateFormat.format(d);

interface Look {
  bold?: boolean;
  size: number;
  color?: string;
  /** space after, in points */
  after: number;
  lineGap?: number;
}

type Looks = Record<'title' | 'name' | 'meta' | 'plan' | 'heading' | 'subheading' | 'tag' | 'lead' | 'body' | 'muted' | 'footer', Look>;

const A4_LOOKS: Looks = {
  title: { bold: true, size: 22, after: 6 },
  name: { size: 14, after: 4 },
  meta: { size: 10, color: MUTED, after: 20 },
  plan: { bold: true, size: 18, after: 12 },
  heading: { bold: true, size: 13, color: BLUE, after: 6 },
  subheading: { bold: true, size: 10.5, after: 3 },
  tag: { bold: true, size: 9.5, color: MUTED, after: 2 },
  lead: { bold: true, size: 10.5, after: 2, lineGap: 2 },
  body: { size: 10.5, after: 2, lineGap: 2 },
  muted: { size: 10, color: MUTED, after: 2 },
  footer: { size: 9, color: MUTED, after: 0 },
};

const A6_LOOKS: Looks = {
  title: { bold: true, size: 15, after: 2 },
  name: { size: 10, after: 8 },
  meta: { size: 8, color: MUTED, after: 0 },
  plan: { bold: true, size: 12, after: 6 },
  heading: { bold: true, size: 9, color: BLUE, after: 3 },
  subheading: { bold: true, size: 8.5, after: 1 },
  tag: { bold: true, size: 8, color: MUTED, after: 1 },
  lead: { bold: true, size: 8.5, after: 1, lineGap: 1 },
  body: { size: 8.5, after: 1, lineGap: 1 },
  muted: { size: 8, color: MUTED, after: 1 },
  footer: { size: 8, color: MUTED, after: 0 },
};

/** One paragraph: what it says, how it looks, and how far in it starts. */
interface Run {
  text: string;
  look: keyof Looks;
  indent?: number;
}

/** pdfkit measures the rest of an unbreakable word again for every line it fills, which takes
 *  minutes for a pasted 20,000-letter "word": a zero-width space every 40 letters (each with
 *  its accents) lets it break. */
const breakable = (word: string): string => (word.match(/(?:\P{M}\p{M}*){1,40}/gu) ?? [word]).join('\u200B');
// pdfkit lays text out left to right only: bidirectional controls would do nothing but harm.
const clean = (text: string): string => withoutBidiControls(text).replace(/\r\n?/g, '\n').trim().replace(/\S{41,}/gu, breakable);

/** A pdfkit document with the few layout moves both PDFs need. */
class Page {
  readonly doc: PDFKit.PDFDocument;
  readonly done: Promise<Buffer>;

  constructor(readonly looks: Looks, size: string, margin: number, input: PdfInput, title: string) {
    this.doc = new PDFDocument({
      size,
      margins: { top: margin, bottom: margin + 6, left: margin, right: margin },
      bufferPages: true,
      // no default font: pdfkit would otherwise load Helvetica
      font: '',
      autoFirstPage: false,
      lang: input.lang,
      displayTitle: true,
      info: { Title: title, CreationDate: input.madeOn, ModDate: input.madeOn },
    });
    this.doc.registerFont('regular', REGULAR);
    this.doc.registerFont('bold', BOLD);
    const chunks: Buffer[] = [];
    this.done = new Promise((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
    this.doc.addPage();
    this.doc.font('regular');
  }

  get left(): number {
    return this.doc.page.margins.left;
  }
  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  private style(look: Look): void {
    this.doc.font(look.bold ? 'bold' : 'regular').fontSize(look.size).fillColor(look.color ?? INK);
  }

  height(runs: readonly Run[]): number {
    return runs.reduce((sum, run) => {
      const look = this.looks[run.look];
      this.style(look);
      return sum + this.doc.heightOfString(run.text, { width: this.width - (run.indent ?? 0), lineGap: look.lineGap ?? 0 }) + look.after;
    }, 0);
  }

  /** Starts a new page unless `height` fits on this one. Something taller than a page
   *  only needs its first few lines here: the text itself flows on to the next. */
  keep(height: number, atLeast = 40): void {
    const { top, bottom } = this.doc.page.margins;
    const end = this.doc.page.height - bottom;
    if ((height > end - top ? atLeast : height) > end - this.doc.y && this.doc.y > top + 1) this.doc.addPage();
  }

  write(run: Run, bullet = false): void {
    const look = this.looks[run.look];
    const indent = run.indent ?? 0;
    this.style(look);
    if (bullet) {
      this.keep(look.size * 2);
      this.doc.fillColor(INK).text('•', this.left + indent - look.size, this.doc.y, { lineBreak: false });
      this.style(look);
    }
    this.doc.text(run.text, this.left + indent, this.doc.y, { width: this.width - indent, lineGap: look.lineGap ?? 0 });
    this.doc.y += look.after;
  }

  block(runs: readonly Run[], bulleted = false): void {
    this.keep(this.height(runs));
    runs.forEach((run, i) => this.write(run, bulleted && i === 0));
  }

  space(points: number): void {
    this.doc.y += points;
  }

  rule(): void {
    const y = this.doc.y;
    this.doc.moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(0.75).strokeColor(RULE).stroke();
    this.space(this.looks.heading.size * 0.6);
  }

  band(run: Run, pad: number): void {
    const h = this.height([run]) - this.looks[run.look].after + pad * 2;
    this.keep(h);
    const y = this.doc.y;
    this.doc.rect(this.left, y, this.width, h).fill(BAND);
    this.doc.y = y + pad;
    this.write({ ...run, indent: pad });
    this.doc.y = y + h;
  }

  /** "2 / 3" at the foot of every page, when there is more than one. */
  finish(): Promise<Buffer> {
    const { start, count } = this.doc.bufferedPageRange();
    if (count > 1) {
      for (let i = start; i < start + count; i += 1) {
        this.doc.switchToPage(i);
        const margins = this.doc.page.margins;
        const y = this.doc.page.height - margins.bottom + 4;
        const saved = margins.bottom;
        margins.bottom = 0;
        this.style(this.looks.footer);
        this.doc.text(`${i + 1 - start} / ${count}`, this.left, y, { width: this.width, align: 'center', lineBreak: false });
        margins.bottom = saved;
      }
    }
    this.doc.end();
    return this.done;
  }
}

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
  const written = section.fields.map((f): [Run, Run] => [label(f.name), { text: clean(text.values[f.name] ?? ''), look: 'body' }]).filter(([, v]) => v.text);
  if (!text.savedAt || !written.length) return [[{ text: t('staying-well:overview.notWritten'), look: 'muted' }]];
  const dated: Run = { text: t('staying-well:overview.savedOn', { date: formatDate(new Date(text.savedAt)) }), look: 'subheading' };
  return section.dated ? [[dated], ...written] : written;
}

function writeSection(page: Page, t: Translate, def: PlanDef, section: SectionDef, content: Content): void {
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

/** "If I am in crisis": the crisis plan's most urgent parts on an A6 card, continued on
 *  a second card, never cut short, when there is more than one card holds. */
export function cardPdf(input: CardPdfInput): Promise<Buffer> {
  const { t, crisis } = input;
  const title = t('staying-well:pdf.cardTitle');
  const page = new Page(A6_LOOKS, 'A6', 20, input, title);
  page.write({ text: title, look: 'title' });
  page.write({ text: t('staying-well:pdf.of', { name: clean(input.name) }), look: 'name' });
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
    const name = [v.name, v.relationship].map((s) => clean(s ?? '')).filter(Boolean).join(', ');
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
    .flatMap(({ f, value }): Run[] => [{ text: t(`staying-well:sections.crisis.advance.fields.${f}.label`), look: 'subheading' }, clip(page, value, 'body', 2)]);
  if (advance.savedAt && wishes.length) {
    const head: Run = { text: sectionTitle('advance'), look: 'heading' };
    const date: Run = { text: t('staying-well:overview.savedOn', { date: formatDate(new Date(advance.savedAt)) }), look: 'muted' };
    page.block([head, date, ...wishes]);
    page.space(4);
  }

  page.space(2);
  page.band({ text: t('staying-well:pdf.national'), look: 'lead' }, 5);
  page.space(6);
  page.write({ text: t('staying-well:pdf.made', { date: formatDate(input.madeOn) }), look: 'meta' });
  return page.finish();
}
