import type { Translate } from '../../platform/i18n.ts';
import type { LocalLine, NationalCall, Person } from './helplines.ts';
import { clean, type Page, type Run } from './pdf-page.ts';

/** Who to call, as the PDFs print it: each number in full, since paper cannot be tapped. */
export interface PdfCalls {
  people: Person[];
  local: LocalLine[];
  national: NationalCall[];
}

export const personLine = (p: Person): string =>
  `${[p.name, p.relationship]
    .map((s) => clean(s))
    .filter(Boolean)
    .join(', ')}: ${clean(p.phone)}`;

export const localLine = (l: LocalLine): string => `${clean(l.name)}: ${clean(l.phone)}${l.hours ? ` (${clean(l.hours)})` : ''}`;

/** "Emergency 999 · Samaritans 116 123 · Shout: text SHOUT to 85258 · NHS 111": short enough for
 *  the front of the pocket card, read from the one list of help numbers. */
export function nationalLine(t: Translate, national: readonly NationalCall[]): string {
  return national
    .map((n) => {
      if (n.id === 'emergency' && n.phone) return t('staying-well:pdf.emergency', { phone: n.phone });
      if (n.phone) return n.name.endsWith(n.phone) ? n.name : `${n.name} ${n.phone}`;
      return n.sms ? t('staying-well:pdf.text', { name: n.name, word: n.sms.word, number: n.sms.number }) : n.name;
    })
    .join(' · ');
}

/** The national numbers one to a line, with what each is for (the A4 safety plan has room). */
function nationalRuns(t: Translate, national: readonly NationalCall[], lifeline: { name: string; phone?: string }): Run[][] {
  return national.map((n) => {
    const call = n.phone
      ? n.name === n.phone
        ? `${t('common:call.number')} ${n.phone}`
        : `${t(n.free ? 'common:call.free' : 'common:call.on', { name: n.name })} ${n.phone}`
      : `${t('staying-well:callFirst.text', { word: n.sms?.word ?? '', name: n.name })} ${n.sms?.number ?? ''}`;
    const what = t(n.forKey, { lifeline: lifeline.name, lifelinePhone: lifeline.phone ?? '' });
    return [
      { text: call, look: 'lead' },
      { text: what, look: 'muted' },
    ];
  });
}

/** "Who to call" on the A4 safety plan: the person's people, local lines, then national help. */
export function writeCalls(page: Page, t: Translate, calls: PdfCalls, lifeline: { name: string; phone?: string }): void {
  const bullet = page.looks.body.size * 1.3;
  const group = (heading: string, lines: Run[][]) => {
    if (!lines.length) return;
    const head: Run = { text: heading, look: 'subheading' };
    page.block([head, ...(lines[0] ?? []).map((r) => ({ ...r, indent: bullet }))]);
    for (const runs of lines.slice(1)) page.block(runs.map((r) => ({ ...r, indent: bullet })));
    page.space(page.looks.body.size * 0.4);
  };
  page.write({ text: t('staying-well:callFirst.title'), look: 'heading' });
  group(
    t('staying-well:callFirst.mine'),
    calls.people.map((p) => [{ text: personLine(p), look: 'lead' }]),
  );
  group(
    t('staying-well:callFirst.local'),
    calls.local.map((l) => [{ text: localLine(l), look: 'lead' }]),
  );
  group(t('staying-well:callFirst.national'), nationalRuns(t, calls.national, lifeline));
}
