import type { Viewer } from '../../platform/record-access.ts';
import { helplinesForAccount } from '../organisations/store.ts';
import { CRISIS, itemsOf, NATIONAL_HELPLINES } from './model.ts';
import type { WellbeingPlans } from './service.ts';

/** Who to call first, for the top of the safety plan: the person's own crisis contacts,
 *  then their organisations' local numbers, then the national ones. */
export async function helplinesFor(plans: WellbeingPlans, viewer: Viewer) {
  const crisis = await plans.of(CRISIS).for(viewer).mine();
  return {
    callFirst: itemsOf(crisis.content, 'contacts').filter((c) => (c.values.phone ?? '').trim() !== ''),
    local: await helplinesForAccount(plans.s.db, viewer.me.id),
    national: NATIONAL_HELPLINES,
  };
}
