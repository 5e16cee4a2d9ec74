/** Edits of an ordered list of items that each carry an id and a revision number. */

/**
 * The most items one list holds. Every revision keeps the whole document, so storage grows
 * with the square of a list's length; nobody writing honestly reaches this many.
 */
export const MAX_ITEMS = 100;

export const hasRoom = (list: readonly unknown[]): boolean => list.length < MAX_ITEMS;
export interface Revised {
  id: string;
  rev: number;
}

export type ListEdit<T> = { ok: true; list: T[] } | { ok: false; reason: 'notFound' } | { ok: false; reason: 'conflict'; current: T };

export function replaceItem<T extends Revised>(list: T[], id: string, rev: number, change: (item: T) => T): ListEdit<T> {
  const item = list.find((i) => i.id === id);
  if (!item) return { ok: false, reason: 'notFound' };
  if (item.rev !== rev) return { ok: false, reason: 'conflict', current: item };
  return { ok: true, list: list.map((i) => (i.id === id ? { ...change(i), rev: i.rev + 1 } : i)) };
}

/** Removes an item, only as the person last saw it: a stale `rev` is a conflict, as for a change. */
export function removeItem<T extends Revised>(list: T[], id: string, rev: number): ListEdit<T> {
  const item = list.find((i) => i.id === id);
  if (!item) return { ok: false, reason: 'notFound' };
  if (item.rev !== rev) return { ok: false, reason: 'conflict', current: item };
  return { ok: true, list: list.filter((i) => i.id !== id) };
}

/** Moves an item one place up or down; at either end the list stays as it is. */
export function moveItem<T extends Revised>(list: T[], id: string, direction: 'up' | 'down'): ListEdit<T> {
  const from = list.findIndex((i) => i.id === id);
  if (from < 0) return { ok: false, reason: 'notFound' };
  const to = direction === 'up' ? from - 1 : from + 1;
  if (to < 0 || to >= list.length) return { ok: true, list };
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item) next.splice(to, 0, item);
  return { ok: true, list: next };
}
