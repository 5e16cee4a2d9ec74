import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { Translate } from '../../platform/i18n.ts';
import { withoutBidiControls } from '../../platform/phone.ts';
import type { Content } from './model.ts';
import type { PdfCalls } from './pdf-calls.ts';

/** The page both PDFs are drawn on: fonts, looks, and the few layout moves they need. */
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
  /** The first of the people and of the local lines go on the front, with the national numbers. */
  calls: PdfCalls;
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
export const formatDate = (d: Date): string => dateFormat.format(d);

interface Look {
  bold?: boolean;
  size: number;
  color?: string;
  /** space after, in points */
  after: number;
  lineGap?: number;
}

export type Looks = Record<
  'title' | 'name' | 'meta' | 'plan' | 'heading' | 'subheading' | 'tag' | 'lead' | 'body' | 'muted' | 'footer',
  Look
>;

export const A4_LOOKS: Looks = {
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

export const A6_LOOKS: Looks = {
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
export interface Run {
  text: string;
  look: keyof Looks;
  indent?: number;
}

/** pdfkit measures the rest of an unbreakable word again for every line it fills, which takes
 *  minutes for a pasted 20,000-letter "word": a zero-width space every 40 letters (each with
 *  its accents) lets it break. */
const breakable = (word: string): string => (word.match(/(?:\P{M}\p{M}*){1,40}/gu) ?? [word]).join('\u200B');
// pdfkit lays text out left to right only: bidirectional controls would do nothing but harm.
export const clean = (text: string): string =>
  withoutBidiControls(text)
    .replace(/\r\n?/g, '\n')
    .trim()
    .replace(/\S{41,}/gu, breakable);

/** A pdfkit document with the few layout moves both PDFs need. */
export class Page {
  readonly doc: PDFKit.PDFDocument;
  readonly done: Promise<Buffer>;

  constructor(
    readonly looks: Looks,
    size: string,
    margin: number,
    input: PdfInput,
    title: string,
  ) {
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
    this.doc
      .font(look.bold ? 'bold' : 'regular')
      .fontSize(look.size)
      .fillColor(look.color ?? INK);
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
    this.doc
      .moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .lineWidth(0.75)
      .strokeColor(RULE)
      .stroke();
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
