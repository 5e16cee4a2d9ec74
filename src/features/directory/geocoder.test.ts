import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import fc from 'fast-check';
import { loadConfig } from '../../config.ts';
import { Browser, CapturedLogs, testApp, textOf, type TestApp } from '../../test/harness.ts';
import { ARTS_HUB, walkingGroup } from './fixtures.ts';
import { geocoderUrl, postcodesIoGeocoder, type Geocoder } from './geocoder.ts';
import { addListing } from './write.ts';

type Behaviour = 'hit' | 'unknown' | 'error' | 'garbage' | 'no-place' | 'hang' | 'redirect';

/** A stand-in for postcodes.io on 127.0.0.1: answers as told, and remembers every path it was asked. */
class StandIn {
  behaviour: Behaviour = 'hit';
  asked: string[] = [];
  private readonly server: Server = createServer((req, res) => {
    this.asked.push(req.url ?? '');
    this.answer(res);
  });

  private answer(res: ServerResponse): void {
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    switch (this.behaviour) {
      case 'hit':
        // Near the pottery class in RV2, wherever the postcode asked about is.
        return void json(200, { status: 200, result: { postcode: 'RV1 2AB', latitude: 51.601, longitude: -2.501 } });
      case 'unknown':
        return void json(404, { status: 404, error: 'Postcode not found' });
      case 'error':
        return void json(500, { status: 500, error: 'Internal server error' });
      case 'garbage':
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"result": {"latitude": "north"');
      case 'no-place':
        return void json(200, { status: 200, result: { postcode: 'GY1 1AA', latitude: null, longitude: null } });
      case 'redirect':
        return void res.writeHead(302, { location: 'http://127.0.0.1:9/elsewhere' }).end();
      case 'hang':
        return; // never answers: the geocoder's time limit has to end the wait
    }
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('the outside postcode geocoder', () => {
  const standIn = new StandIn();
  let geocoder: Geocoder;
  before(async () => {
    geocoder = postcodesIoGeocoder({ baseUrl: await standIn.start(), timeoutMs: 1000 });
  });
  after(() => standIn.stop());
  beforeEach(() => {
    standIn.behaviour = 'hit';
    standIn.asked = [];
  });

  test('asks for the postcode, compact, under the base address, and gives its coordinates', async () => {
    assert.deepEqual(await geocoder.place('RV1 2AB'), { kind: 'found', point: { lat: 51.601, lng: -2.501 } });
    assert.deepEqual(standIn.asked, ['/v1/postcodes/RV12AB']);
  });

  test('a postcode it does not know is unknown, not a failure', async () => {
    standIn.behaviour = 'unknown';
    assert.deepEqual(await geocoder.place('ZZ9 9ZZ'), { kind: 'unknown' });
  });

  test('an error, garbage, a postcode it cannot place, a redirect or no answer in time are failures', async () => {
    const expected: [Behaviour, string][] = [
      ['error', 'status'],
      ['garbage', 'invalid'],
      ['no-place', 'invalid'],
      ['redirect', 'unreachable'],
      ['hang', 'timeout'],
    ];
    for (const [behaviour, reason] of expected) {
      standIn.behaviour = behaviour;
      const started = Date.now();
      assert.deepEqual(await geocoder.place('RV1 2AB'), { kind: 'failed', reason }, behaviour);
      assert.ok(Date.now() - started < 3000, `${behaviour} took too long`);
    }
  });

  test('nothing but a whole postcode is ever sent, so typed text never shapes the address', async () => {
    for (const text of ['RV1', "'; drop table --", '../../admin', 'RV1 2AB?x=1', 'http://evil.example/']) {
      assert.deepEqual(await geocoder.place(text), { kind: 'unknown' });
    }
    assert.deepEqual(standIn.asked, []);
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        const url = geocoderUrl('https://api.postcodes.io', text);
        assert.ok(url === null || (url.origin === 'https://api.postcodes.io' && /^\/postcodes\/[A-Z0-9]{5,7}$/.test(url.pathname)));
        assert.ok(url === null || url.search === '');
      }),
    );
  });

  test('an unreachable geocoder is a failure, not an error', async () => {
    const nowhere = postcodesIoGeocoder({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 300 });
    assert.deepEqual(await nowhere.place('RV1 2AB'), { kind: 'failed', reason: 'unreachable' });
  });
});

describe('"near me" with the geocoder setting', () => {
  const standIn = new StandIn();
  const logs = new CapturedLogs();
  let t: TestApp;
  let plain: TestApp;
  before(async () => {
    // Time enough for the stand-in to answer on a busy machine (1 s was not, in CI); the one
    // "hang" below waits it out.
    const settings = loadConfig({ POSTCODE_GEOCODER_URL: await standIn.start(), POSTCODE_GEOCODER_TIMEOUT_MS: '5000' }).postcodeGeocoder;
    assert.ok(settings);
    t = await testApp({ geocoder: postcodesIoGeocoder(settings), logger: { level: 'info', stream: logs.stream } });
    plain = await testApp();
    for (const app of [t, plain]) {
      const now = app.clock.now();
      await addListing(app.database.db, walkingGroup(), now);
      await addListing(
        app.database.db,
        walkingGroup({
          name: 'Pottery for beginners',
          place: ARTS_HUB,
        }),
        now,
      );
    }
  });
  after(async () => {
    await standIn.stop();
    await t.close();
    await plain.close();
  });
  beforeEach(() => {
    standIn.behaviour = 'hit';
    standIn.asked = [];
  });

  const nearest = async (app: TestApp, postcode: string) => {
    const res = await new Browser(app.app).get(`/directory?postcode=${encodeURIComponent(postcode)}&sort=distance`);
    return { status: res.statusCode, text: textOf(res.body), body: res.body };
  };

  test('a postcode the geocoder places is searched from its coordinates', async () => {
    const res = await nearest(t, 'rv1 2ab');
    assert.equal(res.status, 200);
    assert.match(res.text, /Pottery for beginners.*Tuesday walking group/s);
    assert.deepEqual(standIn.asked, ['/v1/postcodes/RV12AB']);
  });

  test('a postcode no listing shares is found through the geocoder', async () => {
    assert.equal((await nearest(t, 'ZZ9 9ZZ')).status, 200);
    assert.equal((await nearest(plain, 'ZZ9 9ZZ')).status, 400);
  });

  test('when the geocoder fails, slows or talks nonsense, the listings place the postcode and the person sees no error', async () => {
    for (const behaviour of ['error', 'garbage', 'hang', 'unknown'] as const) {
      standIn.behaviour = behaviour;
      const res = await nearest(t, 'RV1 2AB');
      assert.equal(res.status, 200, behaviour);
      assert.match(res.text, /Tuesday walking group.*0 km away.*Pottery for beginners/s, behaviour);
      assert.doesNotMatch(res.body, /There is a problem/, behaviour);
    }
  });

  test('a failure is logged by its reason, never with the postcode', async () => {
    standIn.behaviour = 'error';
    await nearest(t, 'RV1 2AB');
    assert.match(logs.text, /"geocoder":"status"/);
    assert.doesNotMatch(logs.text, /RV1(\s|\+|%20)?2AB/i);
  });

  test('an outward code alone is placed from the listings, without asking the geocoder', async () => {
    assert.equal((await nearest(t, 'RV2')).status, 200);
    assert.deepEqual(standIn.asked, []);
  });

  test('the Open Referral API places postcodes through the geocoder too', async () => {
    const res = await t.app.inject({ url: '/api/oruk/service_at_locations?postcode=ZZ9%209ZZ&proximity=2000' });
    assert.equal(res.statusCode, 200);
    const names = res.json<{ contents: { service: { name: string } }[] }>().contents.map((c) => c.service.name);
    assert.deepEqual(names, ['Pottery for beginners']);
  });

  test('the privacy notice says where postcodes are sent, only when they are', async () => {
    const told = textOf((await new Browser(t.app).get('/privacy')).body);
    assert.match(told, /that postcode, and nothing else about you, is sent to 127\.0\.0\.1:[0-9]+/);
    assert.doesNotMatch(textOf((await new Browser(plain.app).get('/privacy')).body), /nothing else about you, is sent/);
  });

  test('without the setting there is no geocoder, and nothing is asked', async () => {
    assert.equal(loadConfig({}).postcodeGeocoder, undefined);
    assert.equal(plain.services.geocoder, undefined);
    assert.equal((await nearest(plain, 'RV1 2AB')).status, 200);
    assert.deepEqual(standIn.asked, []);
  });
});
