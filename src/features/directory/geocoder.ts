import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { normalisePostcode } from './geo.ts';

export interface Point {
  lat: number;
  lng: number;
}

/** Why a geocoder gave no answer: said in the logs (never with the postcode), and the listings place it instead. */
export type GeocoderFailure = 'timeout' | 'unreachable' | 'status' | 'invalid';

export type Geocoded = { kind: 'found'; point: Point } | { kind: 'unknown' } | { kind: 'failed'; reason: GeocoderFailure };

export interface Geocoder {
  /** Where postcodes are sent, as the privacy notice names it. */
  readonly host: string;
  /** Places a full UK postcode (`RV1 2AB`) from outside Waymark. Never throws. */
  place(postcode: string): Promise<Geocoded>;
}

/** The outside geocoder, when one is set, and where to say (without the postcode) that it failed. */
export interface Geocoding {
  geocoder: Geocoder | undefined;
  onFailure: (reason: GeocoderFailure) => void;
}

/** For one request: a failure goes to its log as a reason alone, so no postcode is ever logged. */
export const geocodingFor = (geocoder: Geocoder | undefined, log: FastifyBaseLogger): Geocoding => ({
  geocoder,
  onFailure: (reason) => log.warn({ geocoder: reason }, 'postcode geocoder gave no answer: placed from the listings'),
});

export interface GeocoderSettings {
  /** Base address of an API shaped like postcodes.io: `GET {base}/postcodes/{postcode}`. */
  baseUrl: string;
  /** The whole ask, body included, ends after this long: a slow geocoder never holds up a search. */
  timeoutMs: number;
}

const answer = z.object({
  result: z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }),
});

/** An answer about one postcode is a few kilobytes: anything far longer is not one. */
const MAX_BODY = 64 * 1024;

/** The address asked for one postcode; null unless `text` is a whole postcode, so typed text never shapes the URL. */
export function geocoderUrl(baseUrl: string, text: string): URL | null {
  const postcode = normalisePostcode(text);
  if (!postcode?.full) return null;
  const base = new URL(baseUrl);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  base.search = '';
  base.hash = '';
  return new URL(`postcodes/${postcode.full.replace(' ', '')}`, base);
}

/** A postcodes.io-style geocoder (the public one, or one run in-house from the ONS Postcode Directory). */
export function postcodesIoGeocoder(settings: GeocoderSettings): Geocoder {
  const place = async (postcode: string): Promise<Geocoded> => {
    const url = geocoderUrl(settings.baseUrl, postcode);
    if (!url) return { kind: 'unknown' };
    try {
      const res = await fetch(url, {
        headers: { accept: 'application/json' },
        redirect: 'error',
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      if (res.status === 404) {
        await res.body?.cancel();
        return { kind: 'unknown' };
      }
      if (res.status !== 200 || Number(res.headers.get('content-length') ?? 0) > MAX_BODY) {
        await res.body?.cancel();
        return { kind: 'failed', reason: 'status' };
      }
      const text = await res.text();
      if (text.length > MAX_BODY) return { kind: 'failed', reason: 'invalid' };
      const parsed = answer.safeParse(parseJson(text));
      // postcodes.io answers `latitude: null` for a postcode it knows but cannot place (some in the Channel Islands).
      if (!parsed.success) return { kind: 'failed', reason: 'invalid' };
      return { kind: 'found', point: { lat: parsed.data.result.latitude, lng: parsed.data.result.longitude } };
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      return { kind: 'failed', reason: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'unreachable' };
    }
  };
  return { host: new URL(settings.baseUrl).host, place };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
