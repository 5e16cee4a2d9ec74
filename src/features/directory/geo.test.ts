import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { envelope } from './api-store.ts';
import { distanceKm, normalisePostcode } from './geo.ts';

const point = fc.record({ lat: fc.double({ min: -89, max: 89, noNaN: true }), lng: fc.double({ min: -180, max: 180, noNaN: true }) });

describe('distance', () => {
  test('is never negative, is zero to itself, the same both ways, and at most half the earth round', () => {
    fc.assert(
      fc.property(point, point, (a, b) => {
        const d = distanceKm(a, b);
        assert.ok(d >= 0 && d <= Math.PI * 6371 + 1e-6);
        assert.ok(Math.abs(d - distanceKm(b, a)) < 1e-6);
        assert.ok(distanceKm(a, a) < 1e-6);
      }),
    );
  });

  test('keeps to the triangle inequality', () => {
    // Within a metre: near opposite points of the earth, the haversine's asin of a value close to 1
    // loses a few centimetres to floating point (found by this test, seed 1112297580).
    fc.assert(fc.property(point, point, point, (a, b, c) => distanceKm(a, c) <= distanceKm(a, b) + distanceKm(b, c) + 1e-3));
  });

  test('one degree of latitude is about 111 km', () => {
    assert.ok(Math.abs(distanceKm({ lat: 51, lng: -2 }, { lat: 52, lng: -2 }) - 111.2) < 0.5);
  });
});

describe('postcodes', () => {
  test('are read whatever their spacing and case, and anything else is refused', () => {
    assert.deepEqual(normalisePostcode(' rv1  2ab '), { full: 'RV1 2AB', outward: 'RV1' });
    assert.deepEqual(normalisePostcode('SW1A1AA'), { full: 'SW1A 1AA', outward: 'SW1A' });
    assert.deepEqual(normalisePostcode('rv12'), { full: '', outward: 'RV12' });
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const read = normalisePostcode(text);
        assert.ok(read === null || /^[A-Z]{1,2}[0-9][A-Z0-9]?$/.test(read.outward));
      }),
    );
  });
});

describe('the paging envelope', () => {
  test('adds up for any total, page and page size', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 500 }), (total, perPage, page) => {
        const shown = Math.max(0, Math.min(perPage, total - (page - 1) * perPage));
        const e = envelope(
          Array.from({ length: shown }, () => ({})),
          total,
          page,
          perPage,
        );
        assert.equal(e.total_pages, Math.ceil(total / perPage));
        assert.equal(e.empty, shown === 0);
        assert.equal(e.first_page, page === 1);
        assert.equal(e.last_page, page >= e.total_pages);
        assert.equal(e.size, shown);
      }),
    );
  });
});
