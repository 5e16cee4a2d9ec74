// Generates a national-sized community directory for the search rows: N listings (50 000 by
// default) over some 2 000 outward codes across Great Britain, each a kind of activity or help
// from the demo town's list (its CHIME parts, needs and activities, peer-led or not, cost, day and
// time), with coordinates, a schedule or two, a contact, languages, and one in seven out of date.
// Written in bulk (a few hundred listings a statement, several at once), not listing by listing:
// what the search reads is the same rows the import and the listings editors write.
import { randomUUID } from 'node:crypto';
import type { Db } from '../src/db/client.ts';
import {
  hsdsAccessibility,
  hsdsAddress,
  hsdsAttribute,
  hsdsContact,
  hsdsCostOption,
  hsdsLanguage,
  hsdsLocation,
  hsdsOrganization,
  hsdsPhone,
  hsdsSchedule,
  hsdsService,
  hsdsServiceAtLocation,
} from '../src/db/schema.ts';
import { DAYS } from '../src/features/directory/store.ts';
import { TAXONOMY, termId } from '../src/features/directory/taxonomy.ts';
import { KINDS } from '../src/demo/directory-kinds.ts';

/** Postcode areas of Great Britain (a selection), each placed somewhere on the island below. */
const AREAS =
  'AB B BA BB BD BH BL BN BR BS CA CB CF CH CM CO CR CT CV CW DA DD DE DH DL DN DT DY E EH EN EX FK G GL GU HA HD HG HP HR HU HX IP KA KT KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WD WF WN WR WS WV YO'.split(
    ' ',
  );
const DISTRICTS_PER_AREA = 20;
const PLACES = 'Ash Beech Brook Cliff Dale Elm Fen Ford Green Heath Hill Holme Lea Marsh Mill Moor Oak Stone Well Wood'.split(' ');
const ENDINGS = ['ton', 'field', 'bridge', 'ham', 'wick', 'by', 'worth', 'stead'];
const LETTERS = 'A B D E F G H J L N P Q R S T U W X Y Z'.split(' ');
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const EXTRA_LANGUAGES = [
  { code: 'cy', name: 'Welsh' },
  { code: 'pl', name: 'Polish' },
  { code: 'ur', name: 'Urdu' },
  { code: 'pa', name: 'Punjabi' },
  { code: 'bn', name: 'Bengali' },
];
const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 400;
const AT_ONCE = 4;

/** A small seeded generator (mulberry32): the same listings every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface District {
  outward: string;
  town: string;
  lat: number;
  lng: number;
}

function districts(): District[] {
  const rnd = random(11);
  const list: District[] = [];
  for (const area of AREAS) {
    // Somewhere between the south coast and the Highlands, the west coast and the east.
    const lat = 50.4 + rnd() * 6.8;
    const lng = -4.8 + rnd() * 6.3;
    for (let d = 1; d <= DISTRICTS_PER_AREA; d++) {
      const town = `${PLACES[Math.floor(rnd() * PLACES.length)] ?? 'Oak'}${ENDINGS[Math.floor(rnd() * ENDINGS.length)] ?? 'ton'}`;
      list.push({ outward: `${area}${d}`, town, lat: lat + (rnd() - 0.5) * 0.4, lng: lng + (rnd() - 0.5) * 0.6 });
    }
  }
  return list;
}

const pick = <T>(list: readonly T[], r: number): T => {
  const item = list[Math.floor(r * list.length) % list.length];
  if (item === undefined) throw new Error('picked from an empty list');
  return item;
};

/** Every row of one batch of listings, by table, with their ids made here so children can point at them. */
function batchRows(first: number, count: number, places: District[], organisations: string[], now: Date) {
  const rnd = random(1000 + first);
  const rows = {
    services: [] as (typeof hsdsService.$inferInsert)[],
    locations: [] as (typeof hsdsLocation.$inferInsert)[],
    addresses: [] as (typeof hsdsAddress.$inferInsert)[],
    access: [] as (typeof hsdsAccessibility.$inferInsert)[],
    sals: [] as (typeof hsdsServiceAtLocation.$inferInsert)[],
    schedules: [] as (typeof hsdsSchedule.$inferInsert)[],
    costs: [] as (typeof hsdsCostOption.$inferInsert)[],
    contacts: [] as (typeof hsdsContact.$inferInsert)[],
    phones: [] as (typeof hsdsPhone.$inferInsert)[],
    languages: [] as (typeof hsdsLanguage.$inferInsert)[],
    attributes: [] as (typeof hsdsAttribute.$inferInsert)[],
  };
  for (let n = first; n < first + count; n++) {
    const kind = pick(KINDS, rnd());
    const place = pick(places, rnd());
    const serviceId = randomUUID();
    // One in seven not checked for over six months ("may be out of date"); one in fifty closed.
    const checkedDaysAgo = n % 7 === 0 ? 190 + Math.floor(rnd() * 400) : Math.floor(rnd() * 170);
    const status = n % 50 === 0 ? ('defunct' as const) : n % 71 === 0 ? ('temporarily closed' as const) : ('active' as const);
    const cost = kind.cost ?? (rnd() < 0.15 ? 2 + Math.floor(rnd() * 6) : 0);
    rows.services.push({
      id: serviceId,
      organizationId: pick(organisations, rnd()),
      name: `${kind.name} – ${place.town}`,
      description: kind.description,
      status,
      fees: cost ? `£${cost.toFixed(2)} a session` : 'Free',
      ...(kind.young ? { minimumAge: 16, maximumAge: 25 } : { minimumAge: 18 }),
      url: `https://directory.example/listings/${n}`,
      assuredDate: new Date(now.getTime() - checkedDaysAgo * DAY_MS).toISOString().slice(0, 10),
      lastModified: now,
    });
    const locations: string[] = [];
    if (!kind.online) {
      const locationId = randomUUID();
      locations.push(locationId);
      rows.locations.push({
        id: locationId,
        locationType: 'physical',
        name: `${place.town} ${pick(['Community Centre', 'Library', 'Park', 'Hall', 'Leisure Centre'], rnd())}`,
        latitude: Math.round((place.lat + (rnd() - 0.5) * 0.04) * 1e5) / 1e5,
        longitude: Math.round((place.lng + (rnd() - 0.5) * 0.06) * 1e5) / 1e5,
      });
      rows.addresses.push({
        locationId,
        address1: `${1 + Math.floor(rnd() * 120)} ${pick(['Mill Lane', 'High Street', 'Church Road', 'Station Road', 'Park Avenue'], rnd())}`,
        city: place.town,
        stateProvince: 'England',
        postalCode: postcodeOf(place, rnd),
        country: 'GB',
        addressType: 'physical',
      });
      if (rnd() < 0.7) rows.access.push({ locationId, accessibility: 'step-free', description: 'Step-free access' });
    }
    if (kind.online || rnd() < 0.1) {
      const locationId = randomUUID();
      locations.push(locationId);
      rows.locations.push({ id: locationId, locationType: 'virtual', name: 'Online' });
    }
    rows.sals.push(...locations.map((locationId) => ({ serviceId, locationId })));
    const days = rnd() < 0.25 ? [kind.day, pick(DAYS, rnd())] : [kind.day];
    for (const day of new Set(days)) {
      rows.schedules.push({
        serviceId,
        freq: 'WEEKLY',
        byday: day,
        opensAt: kind.opens,
        closesAt: kind.closes,
        description: `Every ${DAY_NAMES[DAYS.indexOf(day as (typeof DAYS)[number])] ?? 'week'}, ${kind.opens} to ${kind.closes}`,
        attendingType: kind.online ? 'online' : 'in person',
      });
    }
    rows.costs.push({
      serviceId,
      option: cost ? 'Charge' : 'Free',
      amount: cost,
      amountDescription: cost ? `£${cost.toFixed(2)} a session` : 'Free',
    });
    const contactId = randomUUID();
    rows.contacts.push({ id: contactId, serviceId, name: 'The organiser' });
    rows.phones.push({ contactId, number: `01632 96${String(n % 10_000).padStart(4, '0')}` });
    rows.languages.push({ serviceId, code: 'en', name: 'English' });
    const language = kind.language ?? (rnd() < 0.1 ? pick(EXTRA_LANGUAGES, rnd()) : undefined);
    if (language) rows.languages.push({ serviceId, ...language });
    const terms = [
      ...kind.chime.map((c) => termId(TAXONOMY.chime, c)),
      ...kind.needs.map((x) => termId(TAXONOMY.need, x)),
      ...(kind.peerLed ? [termId(TAXONOMY.feature, 'peer-led')] : []),
    ].filter((t): t is string => t !== undefined);
    rows.attributes.push(...terms.map((taxonomyTermId) => ({ linkId: serviceId, taxonomyTermId, linkType: 'service' })));
  }
  return rows;
}

function postcodeOf(place: District, rnd: () => number): string {
  return `${place.outward} ${1 + Math.floor(rnd() * 9)}${pick(LETTERS, rnd())}${pick(LETTERS, rnd())}`;
}

async function writeBatch(db: Db, rows: ReturnType<typeof batchRows>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(hsdsService).values(rows.services);
    if (rows.locations.length) await tx.insert(hsdsLocation).values(rows.locations);
    if (rows.addresses.length) await tx.insert(hsdsAddress).values(rows.addresses);
    if (rows.access.length) await tx.insert(hsdsAccessibility).values(rows.access);
    if (rows.sals.length) await tx.insert(hsdsServiceAtLocation).values(rows.sals);
    await tx.insert(hsdsSchedule).values(rows.schedules);
    await tx.insert(hsdsCostOption).values(rows.costs);
    await tx.insert(hsdsContact).values(rows.contacts);
    await tx.insert(hsdsPhone).values(rows.phones);
    await tx.insert(hsdsLanguage).values(rows.languages);
    await tx.insert(hsdsAttribute).values(rows.attributes);
  });
}

export interface GeneratedDirectory {
  listings: number;
  /** A full postcode one of the listings has, for the "near a postcode" rows. */
  postcode: string;
}

/** Writes `listings` listings under one organisation per 50 of them; `atOnce` batches at a time. */
export async function generateDirectory(db: Db, listings: number, now: Date, atOnce = AT_ONCE): Promise<GeneratedDirectory> {
  const places = districts();
  const organisations = Array.from({ length: Math.max(1, Math.ceil(listings / 50)) }, (_, i) => ({
    id: randomUUID(),
    name: `${pick(PLACES, ((i * 7) % 20) / 20)} ${pick(['Trust', 'Community Network', 'Wellbeing Hub', 'Mind', 'Recovery College'], (i % 5) / 5)} ${i + 1}`,
    description: 'A local organisation running groups and services.',
  }));
  for (let i = 0; i < organisations.length; i += BATCH) await db.insert(hsdsOrganization).values(organisations.slice(i, i + BATCH));
  const ids = organisations.map((o) => o.id);
  let next = 0;
  let postcode = '';
  const worker = async () => {
    for (let first = next; first < listings; first = next) {
      next += BATCH;
      const rows = batchRows(first, Math.min(BATCH, listings - first), places, ids, now);
      postcode ||= rows.addresses[0]?.postalCode ?? '';
      await writeBatch(db, rows);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, atOnce) }, worker));
  // As autovacuum would leave them soon after: the planner knows how the tables look, and the
  // search indexes' pending entries are merged in. Without it, every search reads the GIN indexes'
  // pending lists whole (megabytes, just after a bulk load) and takes 1–2 s of PostgreSQL's CPU.
  await db.execute(
    'vacuum analyze hsds_organization, hsds_service, hsds_location, hsds_address, hsds_accessibility, hsds_service_at_location, hsds_schedule, hsds_cost_option, hsds_contact, hsds_phone, hsds_language, hsds_attribute',
  );
  return { listings, postcode };
}
