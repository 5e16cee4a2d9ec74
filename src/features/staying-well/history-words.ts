import type { Translate } from '../../platform/i18n.ts';
import { changesInWords } from '../../platform/history.ts';
import type { Revision } from '../../platform/documents.ts';
import { itemsOf, type Content, type PlanDef } from './model.ts';

/** "Added ‘Quiet music’ to “What helps me”": each version of a wellbeing plan, in words. An
 *  item is named by its first written field (not a choice from a list). */
export function wellbeingChanges(t: Translate, def: PlanDef, revisions: readonly (Revision & { content: Content })[]): string[] {
  const named = (content: Content, itemId: string, change: string) => {
    const section = def.sections.find((s) => s.key === change.split('.')[0]);
    const item = section ? itemsOf(content, section.key).find((i) => i.id === itemId) : undefined;
    const first = section?.fields.find((f) => f.type !== 'choice' && (item?.values[f.name] ?? '').trim() !== '');
    return item && first ? { words: item.values[first.name] ?? '' } : null;
  };
  return changesInWords(revisions, named, (change, item, from) => {
    const [key = '', op] = change.split('.');
    if (op === undefined) return t(`staying-well:history.changes.${change}`, { from });
    const section = t(`staying-well:sections.${def.slug}.${key}.title`);
    return item === null ? t(`staying-well:history.changes.${op}`, { section }) : t(`staying-well:history.named.${op}`, { item, section });
  });
}
