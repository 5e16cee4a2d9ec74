import type { Db } from '../db/client.ts';
import { VersionedDocuments } from '../platform/documents.ts';
import { addStep } from '../features/plan/edits.ts';
import { emptyPlan, planFormat } from '../features/plan/model.ts';
import { PLAN_KIND } from '../features/plan/service.ts';
import { KINDS } from './directory-kinds.ts';
import { addListing, type NewListing } from '../features/directory/write.ts';

/*
 * About 150 listings around Rivermouth, a fictional town: every part of recovery, every need,
 * some free and some not, some online, some out of date. Riverside's peer support groups are
 * among them, kept by the demo organisation. Numbers are Ofcom's drama range: they reach nobody.
 */
const DAY = 24 * 60 * 60 * 1000;

/** Neighbourhoods, each with an outward code and a centre the listings sit around. */
const AREAS = [
  { name: 'Town Centre', outward: 'RV1', lat: 51.455, lng: -2.59 },
  { name: 'Northbank', outward: 'RV2', lat: 51.475, lng: -2.585 },
  { name: 'Eastmoor', outward: 'RV3', lat: 51.458, lng: -2.55 },
  { name: 'Southmead Vale', outward: 'RV4', lat: 51.435, lng: -2.6 },
  { name: 'Westbrook', outward: 'RV5', lat: 51.46, lng: -2.635 },
  { name: 'Harbourside', outward: 'RV6', lat: 51.447, lng: -2.615 },
] as const;

const ORGANISATIONS = [
  { name: 'Rivermouth Community Trust', description: 'A local charity running activities across Rivermouth.' },
  { name: 'Rivermouth Council Leisure', description: 'The council’s leisure centres, parks and libraries.' },
  { name: 'Open Door Advice', description: 'Free advice on money, housing and work.' },
  { name: 'Rivermouth Recovery College', description: 'Courses about recovery and wellbeing, open to all.' },
] as const;

/** Decimal degrees of a spot near an area's centre, spread evenly by index (no randomness). */
const spread = (i: number) => ((i * 37) % 21) / 1000 - 0.01;

export function demoListings(now: Date): NewListing[] {
  const list: NewListing[] = [];
  let n = 0;
  for (const [a, area] of AREAS.entries()) {
    for (const [k, kind] of KINDS.entries()) {
      n += 1;
      const org = kind.peer ? 'riverside' : (ORGANISATIONS[(a + k) % ORGANISATIONS.length] ?? ORGANISATIONS[0]);
      // One in seven not checked for over six months: they show "may be out of date".
      const checkedDaysAgo = n % 7 === 0 ? 200 + (n % 60) : (n * 11) % 80;
      const postcode = `${area.outward} ${(k % 9) + 1}${'ABDEFGHJLNPQRSTUWXYZ'[(a + k) % 20] ?? 'A'}${'ABDEFGHJLNPQRSTUWXYZ'[(a * 3 + k) % 20] ?? 'B'}`;
      list.push({
        organisation:
          org === 'riverside'
            ? { name: 'Riverside Peer Support', description: 'Peer support groups run by Riverside Recovery Service.' }
            : org,
        name: `${kind.name} – ${area.name}`,
        description: kind.description,
        assuredDate: new Date(now.getTime() - checkedDaysAgo * DAY).toISOString().slice(0, 10),
        url: `https://rivermouth.example/listings/${n}`,
        ...(kind.young ? { minimumAge: 16, maximumAge: 25 } : { minimumAge: 18 }),
        cost: kind.cost ? { amount: kind.cost, description: `£${kind.cost.toFixed(2)} a session` } : null,
        place: kind.online
          ? null
          : {
              name: `${area.name} ${['Community Centre', 'Library', 'Park', 'Hall', 'Leisure Centre'][k % 5] ?? 'Hall'}`,
              address1: `${(k % 40) + 1} ${['Mill Lane', 'High Street', 'Church Road', 'Station Road', 'Park Avenue'][a % 5] ?? 'High Street'}`,
              city: 'Rivermouth',
              postcode,
              lat: Math.round((area.lat + spread(n)) * 1e5) / 1e5,
              lng: Math.round((area.lng + spread(n + 7)) * 1e5) / 1e5,
              stepFree: (a + k) % 3 !== 0,
              ...((a + k) % 4 === 0 ? { access: 'Hearing loop, and a quiet room if you need a break' } : {}),
            },
        online: Boolean(kind.online),
        schedules: [
          {
            byday: kind.day,
            opensAt: kind.opens,
            closesAt: kind.closes,
            description: `Every ${DAYS[kind.day] ?? ''}, ${kind.opens} to ${kind.closes}`,
          },
        ],
        contact: { name: 'The organiser', phone: `01632 96${String(2000 + n).slice(-4)}` },
        languages: [{ code: 'en', name: 'English' }, ...(kind.language ? [kind.language] : [])],
        chime: kind.chime,
        needs: kind.needs,
        peerLed: Boolean(kind.peerLed),
      });
    }
  }
  return list;
}

const DAYS: Record<string, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};

/** The listing Alex adds to a goal: the Riverside walking group in the town centre. */
export const ALEX_LISTING = 'Walking group – Town Centre';

/**
 * Adds the listings (Riverside's under the demo organisation's editors), then gives Alex's
 * walking goal a step that links to the walking group. Returns how many listings were made.
 */
export async function demoDirectory(db: Db, now: Date, riversideOrganisationId: string, alexId: string): Promise<number> {
  const organisations = new Map<string, string>();
  let walking = '';
  const listings = demoListings(now);
  for (const l of listings) {
    const key = 'name' in l.organisation ? l.organisation.name : '';
    const known = organisations.get(key);
    const organisation = known
      ? { id: known }
      : key === 'Riverside Peer Support'
        ? { ...l.organisation, waymarkOrganisationId: riversideOrganisationId }
        : l.organisation;
    const made = await addListing(db, { ...l, organisation }, now);
    organisations.set(key, made.organisationId);
    if (l.name === ALEX_LISTING) walking = made.serviceId;
  }
  const docs = new VersionedDocuments(db, { now: () => now }, PLAN_KIND, planFormat, emptyPlan);
  const plan = await docs.forOwner(alexId);
  const goal = plan.content.goals.find((g) => g.title === 'Join the walking group in the park');
  if (goal && walking) {
    await docs.change(plan.id, alexId, { kind: 'step.added', item: null }, (p) =>
      addStep(p, goal.id, { text: 'Go to the Tuesday walking group', whoHelps: '', dueDate: null, listingId: walking }),
    );
  }
  return listings.length;
}
