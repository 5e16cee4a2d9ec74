import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { checkIns, memberships, organisationMeasures } from '../../db/schema.ts';
import { newMember, newPerson, testApp, textOf, type Browser, type TestApp } from '../../test/harness.ts';
import { CHECK_IN } from './measures.ts';
import { offeredMeasures } from './organisation-measures.ts';
import { exampleMeasure } from './fixtures.ts';
import { findByEmail } from '../accounts/store.ts';

describe('features/journey/organisation-measures.test.ts', () => {
  let t: TestApp;
  let admin: Browser;
  let organisationId = '';
  let otherAdmin: Browser;

  const DEFINITION = exampleMeasure();

  const escaped = (text: string) =>
    text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

  before(async () => {
    t = await testApp();
    const a = await newMember(t, 'admin', 'Riverside');
    admin = a.browser;
    organisationId = a.organisationId;
    otherAdmin = (await newMember(t, 'admin', 'Hillside')).browser;
  });
  after(async () => t.close());

  describe('an organisation admin loads a further measure', () => {
    test('a valid definition is checked, kept, and not offered until turned on', async () => {
      const res = await admin.post('/organisation/measures', { organisationId, definition: JSON.stringify(DEFINITION) });
      assert.equal(res.statusCode, 303);
      const page = textOf((await admin.get('/organisation/measures')).body);
      assert.match(page, /Riverside weekly wellbeing \(2 questions; not offered\)/);
    });

    test('hostile files are refused with what needs changing, the pasted text kept, never a 500', async () => {
      const cases = [
        'not json at all',
        JSON.stringify({ ...DEFINITION, scoring: 'rested * 2 - worried' }),
        JSON.stringify({ ...DEFINITION, title: '<script>alert(1)</script>' }),
        JSON.stringify({ ...DEFINITION, items: 'lots' }),
        JSON.stringify({ ...DEFINITION, formula: 'process.exit(1)' }),
        `{"id":"x","pad":"${'y'.repeat(150_000)}"}`,
        JSON.stringify({ ...DEFINITION, id: CHECK_IN.id }),
      ];
      for (const definition of cases) {
        const res = await admin.post('/organisation/measures', { organisationId, definition });
        assert.equal(res.statusCode, 400, definition.slice(0, 60));
        assert.match(res.body, /nhsuk-error-summary/);
        assert.doesNotMatch(res.body, /<script>alert/);
        if (definition.length < 1000) assert.ok(res.body.includes(escaped(definition)), 'the pasted text is given back');
      }
      const [row] = await t.database.db.select().from(organisationMeasures).where(eq(organisationMeasures.organisationId, organisationId));
      assert.equal(row?.measureId, 'riverside-wellbeing');
    });

    test("turning it on offers it to the organisation's people, and only to them", async () => {
      const res = await admin.post('/organisation/measures/riverside-wellbeing/toggle', { organisationId, enabled: 'yes' });
      assert.equal(res.statusCode, 303);
      const outsider = await newPerson(t.app, 'Outsider');
      const outsiderId = (await findByEmail(t.database.db, outsider.email))?.id ?? '';
      assert.deepEqual(await offeredMeasures(t.database.db, outsiderId), []);
      await newMember(t, 'person', 'Riverside');
      const [member] = await t.database.db
        .select({ id: memberships.accountId })
        .from(memberships)
        .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, 'person')));
      assert.deepEqual(
        (await offeredMeasures(t.database.db, member?.id ?? '')).map((m) => m.id),
        ['riverside-wellbeing'],
      );
      await admin.post('/organisation/measures/riverside-wellbeing/toggle', { organisationId, enabled: 'no' });
      assert.deepEqual(await offeredMeasures(t.database.db, member?.id ?? ''), []);
    });

    test("another organisation's admin cannot load into, or turn on, this organisation's measures", async () => {
      assert.equal(
        (await otherAdmin.post('/organisation/measures', { organisationId, definition: JSON.stringify(DEFINITION) })).statusCode,
        404,
      );
      assert.equal(
        (await otherAdmin.post('/organisation/measures/riverside-wellbeing/toggle', { organisationId, enabled: 'no' })).statusCode,
        404,
      );
      assert.doesNotMatch((await otherAdmin.get('/organisation/measures')).body, /Riverside weekly wellbeing/);
    });

    test('a person offered it answers it from the check-in page; its labels show, reversed items score the other way', async () => {
      await admin.post('/organisation/measures/riverside-wellbeing/toggle', { organisationId, enabled: 'yes' });
      const person = await newPerson(t.app, 'Ash');
      const id = (await findByEmail(t.database.db, person.email))?.id ?? '';
      await t.database.db.insert(memberships).values({ organisationId, accountId: id, role: 'person', createdAt: new Date() });
      const form = await person.browser.get('/check-in');
      assert.match(form.body, /href="\/check-in\/riverside-wellbeing"/);
      const page = await person.browser.get('/check-in/riverside-wellbeing');
      assert.match(page.body, /I woke up rested/);
      assert.match(page.body, /Sometimes/);
      const saved = await person.browser.post('/check-in/riverside-wellbeing', { rested: '3', worried: '3', note: 'Kept' });
      assert.equal(saved.statusCode, 303);
      const url = (saved.headers.location ?? '').split('?')[0] ?? '';
      const shown = textOf((await person.browser.get(url)).body);
      assert.match(shown, /Riverside weekly wellbeing/);
      assert.match(shown, /I felt worried\s*Often/);
      const [row] = await t.database.db
        .select()
        .from(checkIns)
        .where(eq(checkIns.id, url.split('/').at(-1) ?? ''));
      assert.ok(row);
      assert.equal(row.measureId, 'riverside-wellbeing');
      assert.equal(row.scores.total, 4);
      assert.equal((await person.browser.post(`${url}/edit`, { rested: '1', worried: '1' })).statusCode, 303);
    });

    test('someone not offered it is taken to the check-in, and what they sent is given back', async () => {
      const outsider = await newPerson(t.app, 'Wren');
      const res = await outsider.browser.get('/check-in/riverside-wellbeing');
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/check-in');
      const sent = await outsider.browser.post('/check-in/riverside-wellbeing', { rested: '3', note: 'Words to keep' });
      assert.equal(sent.statusCode, 409);
      assert.match(sent.body, /Words to keep/);
    });
  });
});
