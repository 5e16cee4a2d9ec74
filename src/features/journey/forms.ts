import { bodyOf, formList, formText, type FieldError } from '../../platform/forms.ts';
import type { Measure } from './measures.ts';
import type { CheckInInput } from './service.ts';

export const NOTE_MAX = 2000;

/** What the person chose and wrote, as typed, to show the form again. */
export interface CheckInValues {
  answers: Record<string, string>;
  note: string;
  keptWell: string[];
  warningSigns: boolean;
}

export function checkInValues(body: unknown, measure: Measure): CheckInValues {
  const b = bodyOf(body);
  const answers: Record<string, string> = {};
  for (const item of measure.items) answers[item.key] = Object.hasOwn(b, item.key) ? formText(b[item.key]) : '';
  return { answers, note: formText(b.note), keptWell: formList(b.keptWell), warningSigns: formText(b.warningSigns) === 'yes' };
}

/** Checks a check-in: any answer must be one offered, at least one question answered, and a
 *  short note. Ticks of things that are no longer in the plan are left out, not refused. */
export function checkCheckIn(
  values: CheckInValues,
  measure: Measure,
  keepWellIds: readonly string[],
): { ok: true; value: CheckInInput } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const answers: Record<string, number> = {};
  const offered = new Map(measure.options.map((o) => [String(o.value), o.value]));
  for (const item of measure.items) {
    const given = values.answers[item.key] ?? '';
    if (given === '') continue;
    const value = offered.get(given);
    if (value === undefined) errors.push({ field: item.key, message: 'journey:checkIn.errors.notOffered' });
    else answers[item.key] = value;
  }
  const firstKey = measure.items[0]?.key ?? 'form';
  if (errors.length === 0 && Object.keys(answers).length === 0)
    errors.push({ field: firstKey, message: 'journey:checkIn.errors.noAnswers' });
  if (values.note.length > NOTE_MAX) errors.push({ field: 'note', message: 'journey:checkIn.errors.noteTooLong' });
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      answers,
      note: values.note,
      keptWell: [...new Set(values.keptWell.filter((id) => keepWellIds.includes(id)))],
      warningSigns: values.warningSigns,
    },
  };
}
