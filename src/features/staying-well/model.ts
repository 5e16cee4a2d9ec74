import { z } from 'zod';
import type { ContentFormat } from '../../platform/documents.ts';

/**
 * The staying-well, crisis and safety plans are each a list of sections described
 * here as data: one set of routes, forms and pages serves them all, and adding a
 * section is a change to this file and the copy.
 */
export type FieldType = 'text' | 'textarea' | 'phone' | 'choice';

export interface FieldDef {
  name: string;
  type: FieldType;
  required?: boolean;
  max: number;
  choices?: readonly string[];
}

export interface SectionDef {
  key: string;
  /** a list of items, or one set of fields ("text") */
  kind: 'list' | 'text';
  fields: readonly FieldDef[];
  /** shown with the date it was last saved, as the person's own dated statement */
  dated?: boolean;
}

export interface PlanDef {
  kind: 'staying-well' | 'crisis-plan' | 'safety-plan';
  /** the first part of every path of this plan, and its copy namespace key */
  slug: 'staying-well' | 'crisis' | 'safety';
  sections: readonly SectionDef[];
}

const ITEM = 1000;
const SHORT = 200;
const LONG = 20_000;
const text = (name: string, required = false, max = ITEM): FieldDef => ({ name, type: 'textarea', required, max });
const line = (name: string, required = false): FieldDef => ({ name, type: 'text', required, max: SHORT });
const phone = (name: string, required = false): FieldDef => ({ name, type: 'phone', required, max: 60 });
const withHelp = [text('text', true), text('mine'), text('others')] as const;

export const KEEP_WELL_WHEN = ['everyDay', 'everyWeek', 'nowAndThen'] as const;
export const PRACTICAL_MATTERS = ['children', 'pets', 'bills', 'home', 'work', 'faith', 'other'] as const;

export const STAYING_WELL: PlanDef = {
  kind: 'staying-well',
  slug: 'staying-well',
  sections: [
    { key: 'whenWell', kind: 'list', fields: withHelp },
    {
      key: 'keepWell',
      kind: 'list',
      fields: [{ name: 'when', type: 'choice', required: true, max: 20, choices: KEEP_WELL_WHEN }, ...withHelp],
    },
    { key: 'triggers', kind: 'list', fields: withHelp },
    { key: 'warningSigns', kind: 'list', fields: withHelp },
    { key: 'worse', kind: 'list', fields: withHelp },
  ],
};

export const CRISIS: PlanDef = {
  kind: 'crisis-plan',
  slug: 'crisis',
  sections: [
    { key: 'stepIn', kind: 'list', fields: [text('text', true)] },
    { key: 'contacts', kind: 'list', fields: [line('name', true), phone('phone'), line('relationship'), text('whatToDo')] },
    { key: 'notInvolved', kind: 'list', fields: [line('name', true), text('why')] },
    { key: 'helps', kind: 'list', fields: [text('text', true)] },
    { key: 'notHelps', kind: 'list', fields: [text('text', true)] },
    { key: 'advance', kind: 'text', dated: true, fields: [text('wants', false, LONG), text('refusals', false, LONG)] },
    { key: 'carePlace', kind: 'text', fields: [text('where', false, LONG), text('whereNot', false, LONG)] },
    {
      key: 'practical',
      kind: 'list',
      fields: [{ name: 'matter', type: 'choice', required: true, max: 20, choices: PRACTICAL_MATTERS }, text('what', true), line('who')],
    },
    { key: 'afterHelps', kind: 'list', fields: [text('text', true)] },
    { key: 'lookBack', kind: 'text', fields: [text('text', false, LONG)] },
  ],
};

export const SAFETY: PlanDef = {
  kind: 'safety-plan',
  slug: 'safety',
  sections: [
    { key: 'warningSigns', kind: 'list', fields: [text('text', true)] },
    { key: 'onMyOwn', kind: 'list', fields: [text('text', true)] },
    { key: 'distractions', kind: 'list', fields: [text('text', true), phone('phone')] },
    { key: 'askForHelp', kind: 'list', fields: [line('name', true), phone('phone')] },
    { key: 'professionals', kind: 'list', fields: [line('name', true), phone('phone', true)] },
    { key: 'safer', kind: 'list', fields: [text('text', true)] },
    { key: 'reasons', kind: 'list', fields: [text('text', true)] },
  ],
};

export const PLAN_DEFS = [STAYING_WELL, CRISIS, SAFETY] as const;

const values = z.record(z.string(), z.string());
const item = z.object({ id: z.string(), rev: z.number().int(), values });
const textValue = z.object({ rev: z.number().int(), values, savedAt: z.string().nullable() });

export const contentSchema = z.object({
  lists: z.record(z.string(), z.array(item)),
  texts: z.record(z.string(), textValue),
});

export type Content = z.infer<typeof contentSchema>;
export type Item = z.infer<typeof item>;
export type TextValue = z.infer<typeof textValue>;

export const emptyContent = (): Content => ({ lists: {}, texts: {} });

/** How a wellbeing plan is stored. Version 1 added the version mark itself: older plans gain any part they lack. */
export const contentFormat: ContentFormat<Content> = {
  schema: contentSchema,
  upgrades: [(old) => ({ ...emptyContent(), ...old })],
};

export const itemsOf = (content: Content, section: string): Item[] => content.lists[section] ?? [];
export const textOf = (content: Content, section: string): TextValue => content.texts[section] ?? { rev: 0, values: {}, savedAt: null };

export function sectionOf(def: PlanDef, key: string): SectionDef | undefined {
  return def.sections.find((s) => s.key === key);
}
