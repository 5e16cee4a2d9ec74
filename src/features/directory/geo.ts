/** The mean radius of the Earth, in kilometres: the sphere every distance here is measured on. */
export const EARTH_RADIUS_KM = 6371;

/** Great-circle distance in kilometres (haversine): the same formula the search runs in SQL. */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return EARTH_RADIUS_KM * 2 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A UK postcode, spaces and case aside: `RV1 2AB`, `rv12ab`. Null if it is not shaped like one. */
export function normalisePostcode(text: string): { full: string; outward: string } | null {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  const full = /^(?<out>[A-Z]{1,2}[0-9][A-Z0-9]?)(?<in>[0-9][A-Z]{2})$/.exec(compact)?.groups;
  if (full?.out && full.in) return { full: `${full.out} ${full.in}`, outward: full.out };
  const outward = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/.exec(compact);
  return outward ? { full: '', outward: compact } : null;
}
