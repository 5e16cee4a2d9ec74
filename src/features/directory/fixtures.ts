import type { NewListing } from './write.ts';

/** A listing for tests: a free, peer-led Tuesday walking group in Rivermouth, tweak what a test needs. */
export function walkingGroup(over: Partial<NewListing> = {}): NewListing {
  return {
    organisation: { name: 'Riverside Peer Support', description: 'Peer support groups run by people with lived experience.' },
    name: 'Tuesday walking group',
    description: 'A gentle walk along the river, then tea. Everyone welcome, come as you are.',
    assuredDate: '2026-05-01',
    cost: null,
    place: {
      name: 'Riverside Community Centre',
      address1: '4 Mill Lane',
      city: 'Rivermouth',
      postcode: 'RV1 2AB',
      lat: 51.5,
      lng: -2.6,
      stepFree: true,
    },
    online: false,
    schedules: [{ byday: 'TU', opensAt: '10:30', closesAt: '12:00', description: 'Every Tuesday, 10:30am to noon' }],
    contact: { name: 'Sam', phone: '01632 960001' },
    languages: [{ code: 'en', name: 'English' }],
    chime: ['connectedness'],
    needs: ['walking', 'peer-support'],
    peerLed: true,
    ...over,
  };
}

/** A complete form for a new listing: a free, step-free Thursday art group in RV1, also online. */
export const ART_GROUP = {
  name: 'Thursday art group',
  description: 'Paint, draw or just chat. Materials provided.',
  days: 'TH',
  opensAt: '14:00',
  closesAt: '16:00',
  when: 'Not in August',
  where: ['in-person', 'online'],
  placeName: 'Mill Lane Studio',
  address1: '9 Mill Lane',
  city: 'Rivermouth',
  postcode: 'rv1 2ab',
  stepFree: 'yes',
  access: 'Hearing loop',
  cost: 'free',
  minimumAge: '18',
  languages: ['en', 'cy'],
  contactName: 'Jo',
  phone: '01632 960 555',
  email: 'art@example.org',
  website: 'https://art.example.org',
  chime: ['identity', 'connectedness'],
  needs: 'creative',
  peerLed: 'yes',
};

/** The arts hub in Rivermouth's RV2, some 13 km from the walking group's centre. */
export const ARTS_HUB: NonNullable<NewListing['place']> = {
  name: 'Arts hub',
  address1: '1 High St',
  city: 'Rivermouth',
  postcode: 'RV2 9ZZ',
  lat: 51.6,
  lng: -2.5,
  stepFree: false,
};
