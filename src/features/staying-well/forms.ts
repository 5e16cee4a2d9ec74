import { formText, type Body, type FieldError } from '../../platform/forms.ts';
import { isPhone, withoutBidiControls } from '../../platform/phone.ts';
import type { PlanDef, SectionDef } from './model.ts';

/** Reads a section's fields from a form and checks them against its definition. */
export function readFields(def: PlanDef, section: SectionDef, body: Body): { values: Record<string, string>; errors: FieldError[] } {
  const values: Record<string, string> = {};
  const errors: FieldError[] = [];
  for (const field of section.fields) {
    const typed = formText(body[field.name]);
    // Names and numbers (one-line fields) never keep bidirectional controls; free text may need them.
    const value = field.type === 'text' || field.type === 'phone' ? withoutBidiControls(typed) : typed;
    values[field.name] = value;
    const blank = value.trim().length === 0;
    if (blank && field.required) {
      errors.push({ field: field.name, message: `staying-well:sections.${def.slug}.${section.key}.fields.${field.name}.required` });
    } else if (value.length > field.max) {
      errors.push({ field: field.name, message: 'staying-well:errors.tooLong', params: { max: field.max.toLocaleString('en-GB') } });
    } else if (!blank && field.type === 'phone' && !isPhone(value)) {
      errors.push({ field: field.name, message: 'staying-well:errors.phone' });
    } else if (field.type === 'choice' && !blank && !field.choices?.includes(value)) {
      errors.push({ field: field.name, message: 'staying-well:errors.choice' });
    }
  }
  return { values, errors };
}

/** A section with every field left empty is not worth a revision: it is refused kindly. */
export function nothingWritten(section: SectionDef, values: Record<string, string>): boolean {
  return section.fields.every((f) => (values[f.name] ?? '').trim() === '');
}
