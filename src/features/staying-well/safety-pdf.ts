import { SAFETY, type Content } from './model.ts';
import { writeSection } from './pdf.ts';
import { writeCalls, type PdfCalls } from './pdf-calls.ts';
import { A4_LOOKS, clean, formatDate, Page, type Looks, type PdfInput } from './pdf-page.ts';

export interface SafetyPdfInput extends PdfInput {
  safety: Content;
  calls: PdfCalls;
  /** Named where the copy says there is no NHS 111 in Northern Ireland. */
  lifeline: { name: string; phone?: string };
}

/** Smaller and smaller type until the plan fits on one page; below the last it gets hard to read. */
const SCALES = [1, 0.9, 0.8, 0.72, 0.65] as const;
/** Beyond this, an item is shortened to keep the plan on one page (only when nothing else fits). */
const SHORTENED = 280;

const scaled = (looks: Looks, f: number): Looks =>
  Object.fromEntries(
    Object.entries(looks).map(([key, look]) => [
      key,
      { ...look, size: look.size * f, after: look.after * f, lineGap: (look.lineGap ?? 0) * f },
    ]),
  ) as Looks;

/** The start of a long item, cut at a word, with an ellipsis. */
function shorten(text: string): string {
  if (text.length <= SHORTENED) return text;
  const cut = text.slice(0, SHORTENED);
  const space = cut.lastIndexOf(' ');
  return `${(space > SHORTENED / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const shortened = (content: Content): Content => ({
  ...content,
  lists: Object.fromEntries(
    Object.entries(content.lists).map(([key, items]) => [
      key,
      items.map((item) => ({ ...item, values: Object.fromEntries(Object.entries(item.values).map(([k, v]) => [k, shorten(v)])) })),
    ]),
  ),
});

function draw(input: SafetyPdfInput, looks: Looks, content: Content, note: boolean): Page {
  const { t } = input;
  const title = t('staying-well:plans.safety.title');
  const page = new Page(looks, 'A4', 40, input, title);
  page.write({ text: title, look: 'title' });
  page.write({ text: t('staying-well:pdf.of', { name: clean(input.name) }), look: 'name' });
  page.write({ text: t('staying-well:pdf.made', { date: formatDate(input.madeOn) }), look: 'meta' });
  writeCalls(page, t, input.calls, input.lifeline);
  page.rule();
  for (const section of SAFETY.sections) writeSection(page, t, SAFETY, section, content);
  if (note) page.write({ text: t('staying-well:pdf.shortened'), look: 'muted' });
  return page;
}

const pages = (page: Page): number => page.doc.bufferedPageRange().count;

/**
 * "My safety plan" on one A4 page, to put on a fridge or in a bag: who to call first, then every
 * step. Long plans get smaller type, then long items are shortened (saying so); a plan that still
 * does not fit is printed whole on more pages, since nothing the person wrote is ever left out.
 */
export function safetyPdf(input: SafetyPdfInput): Promise<Buffer> {
  for (const f of SCALES) {
    const page = draw(input, scaled(A4_LOOKS, f), input.safety, false);
    if (pages(page) === 1) return page.finish();
  }
  const smallest = scaled(A4_LOOKS, SCALES[SCALES.length - 1] ?? 1);
  const page = draw(input, smallest, shortened(input.safety), true);
  if (pages(page) === 1) return page.finish();
  return draw(input, A4_LOOKS, input.safety, false).finish();
}
