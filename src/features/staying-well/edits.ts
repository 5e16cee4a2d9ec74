import { randomUUID } from 'node:crypto';
import { hasRoom, moveItem, removeItem, replaceItem, type ListEdit } from '../../platform/lists.ts';
import { conflicted, edited, full, missing, type Edit } from '../../platform/owned-documents.ts';
import { itemsOf, textOf, type Content, type Item } from './model.ts';

type Values = Record<string, string>;

function fromList(content: Content, section: string, edit: ListEdit<Item>): Edit<Content> {
  if (edit.ok) return edited({ ...content, lists: { ...content.lists, [section]: edit.list } });
  return edit.reason === 'conflict' ? conflicted(edit.current) : missing;
}

export function addEntry(content: Content, section: string, values: Values): Edit<Content> {
  if (!hasRoom(itemsOf(content, section))) return full;
  const id = randomUUID();
  return edited({ ...content, lists: { ...content.lists, [section]: [...itemsOf(content, section), { id, rev: 1, values }] } }, id);
}

export function editEntry(content: Content, section: string, id: string, values: Values, rev: number): Edit<Content> {
  return fromList(
    content,
    section,
    replaceItem(itemsOf(content, section), id, rev, (i) => ({ ...i, values })),
  );
}

export function removeEntry(content: Content, section: string, id: string, rev: number): Edit<Content> {
  return fromList(content, section, removeItem(itemsOf(content, section), id, rev));
}

export function moveEntry(content: Content, section: string, id: string, direction: 'up' | 'down'): Edit<Content> {
  return fromList(content, section, moveItem(itemsOf(content, section), id, direction));
}

/** Saves a one-off section (like the advance statement) with the date it was written. */
export function saveText(content: Content, section: string, values: Values, rev: number, now: Date): Edit<Content> {
  const current = textOf(content, section);
  if (current.rev !== rev) return conflicted(current);
  return edited({ ...content, texts: { ...content.texts, [section]: { rev: current.rev + 1, values, savedAt: now.toISOString() } } });
}
