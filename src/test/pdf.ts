import assert from 'node:assert/strict';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Browser } from './harness.ts';

export interface Pdf {
  /** all the text, with runs of white space as one space */
  text: string;
  /** each page's text, the same way */
  pageTexts: string[];
  pages: { width: number; height: number }[];
  /** the type size most of the text is set in, in points */
  commonSize: number;
}

export const A4 = { width: 595.28, height: 841.89 };
export const A6 = { width: 297.64, height: 419.53 };

export const isSize = (page: { width: number; height: number } | undefined, size: { width: number; height: number }): boolean =>
  Math.abs((page?.width ?? 0) - size.width) < 0.5 && Math.abs((page?.height ?? 0) - size.height) < 0.5;

/** Reads a PDF as a person's PDF viewer would show it: its pages and their text. */
export async function readPdf(body: Buffer): Promise<Pdf> {
  const doc = await getDocument({
    data: new Uint8Array(body),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  const pages: Pdf['pages'] = [];
  const pageTexts: string[] = [];
  const sizes = new Map<number, number>();
  for (let n = 1; n <= doc.numPages; n += 1) {
    const page = await doc.getPage(n);
    const { width, height } = page.getViewport({ scale: 1 });
    pages.push({ width, height });
    let text = '';
    for (const item of (await page.getTextContent()).items) {
      if (!('str' in item)) continue;
      text += item.str + (item.hasEOL ? '\n' : '');
      const size = Math.round(item.height * 10) / 10;
      if (item.str.trim()) sizes.set(size, (sizes.get(size) ?? 0) + item.str.length);
    }
    pageTexts.push(text.replace(/\s+/g, ' '));
  }
  await doc.destroy();
  const commonSize = [...sizes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  return { text: pageTexts.join(' '), pageTexts, pages, commonSize };
}

/** A download as the browser gets it: a PDF attachment named after its path, never cached. */
export async function download(browser: Browser, path: string): Promise<Pdf> {
  const res = await browser.get(path);
  assert.equal(res.statusCode, 200, `${path}: ${res.statusCode}`);
  assert.equal(res.headers['content-type'], 'application/pdf');
  assert.equal(res.headers['content-disposition'], `attachment; filename="${path.slice(path.lastIndexOf('/') + 1)}"`);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.equal(res.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.match(res.rawPayload.subarray(-8).toString('latin1'), /%%EOF\s*$/);
  return readPdf(res.rawPayload);
}
