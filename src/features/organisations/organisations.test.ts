import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { hostileForm } from '../../test/hostile.ts';
import { addHelpline, helplinesOf, nationOf } from './store.ts';
import { newMember, newPerson, testApp, textOf, type Browser, type TestApp } from '../../test/harness.ts';

describe('features/organisations/organisations.test.ts', () => {
  let t: TestApp;
  const people = {} as Record<'adminA' | 'adminB' | 'personA' | 'supporterA', Browser>;
  const orgIds: Record<string, string> = {};

  async function member(organisationName: string, role: 'person' | 'supporter' | 'admin'): Promise<Browser> {
    const made = await newMember(t, role, organisationName);
    orgIds[organisationName] = made.organisationId;
    return made.browser;
  }

  before(async () => {
    t = await testApp();
    people.adminA = await member('Riverside', 'admin');
    people.adminB = await member('Hillside', 'admin');
    people.personA = await member('Riverside', 'person');
    people.supporterA = await member('Riverside', 'supporter');
  });
  after(async () => t.close());

  const riverside = () => orgIds.Riverside ?? '';

  describe('local helplines', () => {
    test('an organisation admin adds a number, and the people it supports see it on their safety plan', async () => {
      const res = await people.adminA.post('/organisation/helplines', {
        organisationId: riverside(),
        name: 'Riverside crisis line',
        phone: '01632 960000',
        hours: '24 hours',
      });
      assert.equal(res.statusCode, 303);
      const safety = (await people.personA.get('/my-safety-plan')).headers.location ?? '';
      const html = (await people.personA.get(safety)).body;
      assert.match(
        html,
        /href="tel:01632960000">Call <bdi>Riverside crisis line<\/bdi> on <bdi dir="ltr">01632 960000<\/bdi><\/a>\s*<p class="nhsuk-body-s waymark-call__hint">24 hours<\/p>/,
      );
    });

    test('a name with a right-to-left override never shows a number backwards', async () => {
      const name = 'Night line\u202E';
      const res = await people.adminA.post('/organisation/helplines', {
        organisationId: riverside(),
        name,
        phone: '\u2066016 1496 0123\u2069',
        hours: '',
      });
      assert.equal(res.statusCode, 303);
      const safety = (await people.personA.get('/my-safety-plan')).headers.location ?? '';
      const html = (await people.personA.get(safety)).body;
      assert.match(html, /href="tel:01614960123">Call <bdi>Night line<\/bdi> on <bdi dir="ltr">016 1496 0123<\/bdi><\/a>/);
      assert.doesNotMatch(html, /[\u202A-\u202E\u2066-\u2069]/);
    });

    test('a number stored with bidirectional controls before they were refused is shown without them', async () => {
      await addHelpline(t.database.db, {
        organisationId: riverside(),
        name: '\u202EOld line',
        phone: '01632\u202E 960777',
        hours: '',
        now: new Date(),
      });
      const safety = (await people.personA.get('/my-safety-plan')).headers.location ?? '';
      const html = (await people.personA.get(safety)).body;
      assert.match(html, /<bdi>Old line<\/bdi> on <bdi dir="ltr">01632 960777<\/bdi>/);
      assert.doesNotMatch(html, /[\u202A-\u202E\u2066-\u2069]/);
    });

    test('a person outside the organisation does not see its numbers', async () => {
      const outsider = (await newPerson(t.app)).browser;
      const html = (await outsider.get((await outsider.get('/my-safety-plan')).headers.location ?? '')).body;
      assert.doesNotMatch(html, /Riverside crisis line/);
    });

    test('a number that is not a phone number is refused, keeping what was typed', async () => {
      const res = await people.adminA.post('/organisation/helplines', {
        organisationId: riverside(),
        name: 'Duty line',
        phone: 'ask reception',
        hours: '',
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Enter a phone number using numbers/);
      assert.match(res.body, /value="Duty line"/);
      assert.match(res.body, /value="ask reception"/);
    });

    test('people who are not admins get 404', async () => {
      for (const who of ['personA', 'supporterA'] as const) {
        assert.equal((await people[who].get('/organisation/helplines')).statusCode, 404);
        assert.equal(
          (await people[who].post('/organisation/helplines', { organisationId: riverside(), name: 'x', phone: '999' })).statusCode,
          404,
        );
      }
    });

    test('an admin of another organisation can neither add to nor remove from it', async () => {
      assert.equal(
        (await people.adminB.post('/organisation/helplines', { organisationId: riverside(), name: 'Sneaky', phone: '01632 960999' }))
          .statusCode,
        404,
      );
      const page = (await people.adminA.get('/organisation/helplines')).body;
      const id = /\/organisation\/helplines\/([0-9a-f-]{36})\/remove/.exec(page)?.[1] ?? '';
      assert.equal((await people.adminB.post(`/organisation/helplines/${id}/remove`)).statusCode, 404);
      assert.doesNotMatch(textOf((await people.adminB.get('/organisation/helplines')).body), /Riverside crisis line/);
      assert.equal((await people.adminA.post(`/organisation/helplines/${id}/remove`)).statusCode, 303);
      assert.doesNotMatch(textOf((await people.adminA.get('/organisation/helplines')).body), /Riverside crisis line/);
    });

    test('"Preview" shows the number as on a safety plan and saves nothing', async () => {
      const res = await people.adminA.post('/organisation/helplines', {
        organisationId: riverside(),
        name: 'Evening line',
        phone: '01632 960456',
        hours: '6pm to midnight',
        action: 'preview',
      });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /How it will look at the top of a safety plan/);
      assert.match(res.body, /href="tel:01632960456">Call <bdi>Evening line<\/bdi> on <bdi dir="ltr">01632 960456<\/bdi><\/a>/);
      assert.match(res.body, /value="Evening line"/);
      const lines = await helplinesOf(t.database.db, [riverside()]);
      assert.ok(!lines.some((l) => l.name === 'Evening line'));
    });

    test('an admin changes a number, previewing first, and people see the change; the list says it was saved', async () => {
      await people.adminA.post('/organisation/helplines', {
        organisationId: riverside(),
        name: 'Day line',
        phone: '01632 960321',
        hours: '',
      });
      const id = (await helplinesOf(t.database.db, [riverside()])).find((l) => l.name === 'Day line')?.id ?? '';
      const form = await people.adminA.get(`/organisation/helplines/${id}/edit`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /value="Day line"/);
      assert.match(form.body, /value="01632 960321"/);

      const preview = await people.adminA.post(`/organisation/helplines/${id}/edit`, {
        name: 'Day and evening line',
        phone: '01632 960321',
        hours: '9am to 9pm',
        action: 'preview',
      });
      assert.equal(preview.statusCode, 200);
      assert.match(preview.body, /Call <bdi>Day and evening line<\/bdi> on/);
      assert.equal((await helplinesOf(t.database.db, [riverside()])).find((l) => l.id === id)?.name, 'Day line');

      const saved = await people.adminA.post(`/organisation/helplines/${id}/edit`, {
        name: 'Day and evening line',
        phone: '01632 960321',
        hours: '9am to 9pm',
      });
      assert.equal(saved.statusCode, 303);
      assert.match(textOf((await people.adminA.get(saved.headers.location ?? '')).body), /Saved\./);
      const safety = (await people.personA.get('/my-safety-plan')).headers.location ?? '';
      const html = (await people.personA.get(safety)).body;
      assert.match(
        html,
        /Call <bdi>Day and evening line<\/bdi> on <bdi dir="ltr">01632 960321<\/bdi><\/a>\s*<p class="nhsuk-body-s waymark-call__hint">9am to 9pm/,
      );
    });

    test('a change that is not valid is refused, keeping what was typed and changing nothing', async () => {
      const line = (await helplinesOf(t.database.db, [riverside()]))[0];
      const res = await people.adminA.post(`/organisation/helplines/${line?.id ?? ''}/edit`, {
        name: '',
        phone: 'call reception',
        hours: 'weekdays',
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /There is a problem/);
      assert.match(res.body, /href="#name"/);
      assert.match(res.body, /value="call reception"/);
      assert.match(res.body, /value="weekdays"/);
      assert.equal((await helplinesOf(t.database.db, [riverside()]))[0]?.name, line?.name);
    });

    test('removing asks first, showing the number as people see it; "Yes" removes it', async () => {
      await people.adminA.post('/organisation/helplines', {
        organisationId: riverside(),
        name: 'Old number',
        phone: '01632 960654',
        hours: '',
      });
      const id = (await helplinesOf(t.database.db, [riverside()])).find((l) => l.name === 'Old number')?.id ?? '';
      const ask = await people.adminA.get(`/organisation/helplines/${id}/remove`);
      assert.equal(ask.statusCode, 200);
      assert.match(textOf(ask.body), /Remove Old number ?\?/);
      assert.match(ask.body, /href="tel:01632960654"/);
      assert.ok(
        (await helplinesOf(t.database.db, [riverside()])).some((l) => l.id === id),
        'asking removes nothing',
      );
      const removed = await people.adminA.post(`/organisation/helplines/${id}/remove`);
      assert.equal(removed.statusCode, 303);
      assert.match(textOf((await people.adminA.get(removed.headers.location ?? '')).body), /Removed\./);
      assert.ok(!(await helplinesOf(t.database.db, [riverside()])).some((l) => l.id === id));
      assert.equal((await people.adminA.get(`/organisation/helplines/${id}/remove`)).statusCode, 404);
    });

    test('nobody but its own admins can open, change or remove a number, and a bad id is 404', async () => {
      const line = (await helplinesOf(t.database.db, [riverside()]))[0];
      const id = line?.id ?? '';
      for (const who of ['personA', 'supporterA', 'adminB'] as const) {
        for (const path of [`/organisation/helplines/${id}/edit`, `/organisation/helplines/${id}/remove`]) {
          const res = await people[who].get(path);
          assert.equal(res.statusCode, 404, `${who} ${path}`);
          assert.doesNotMatch(res.body, new RegExp(line?.name ?? 'x'));
        }
        assert.equal(
          (await people[who].post(`/organisation/helplines/${id}/edit`, { name: 'Taken', phone: '999', hours: '' })).statusCode,
          404,
        );
      }
      assert.equal((await helplinesOf(t.database.db, [riverside()]))[0]?.name, line?.name);
      for (const bad of ['not-a-uuid', '00000000-0000-0000-0000-000000000000', '%00'])
        assert.equal((await people.adminA.get(`/organisation/helplines/${bad}/edit`)).statusCode, 404);
    });

    test('hostile input on the change form never causes a 500', async () => {
      const id = (await helplinesOf(t.database.db, [riverside()]))[0]?.id ?? '';
      await fc.assert(
        fc.asyncProperty(hostileForm(['name', 'phone', 'hours', 'action']), async (form) => {
          assert.ok((await people.adminA.post(`/organisation/helplines/${id}/edit`, form)).statusCode < 500);
        }),
        { numRuns: 20 },
      );
    });

    test('hostile input never causes a 500', async () => {
      await fc.assert(
        fc.asyncProperty(hostileForm(['organisationId', 'name', 'phone', 'hours']), async (form) => {
          const res = await people.adminA.post('/organisation/helplines', { ...form, organisationId: riverside() });
          assert.ok(res.statusCode < 500);
        }),
        { numRuns: 30 },
      );
    });
  });

  describe('where the organisation works', () => {
    test('an organisation admin sets its nation, and the people it supports see that nation on the help page', async () => {
      const res = await people.adminA.post('/organisation/nation', { organisationId: riverside(), nation: 'scotland' });
      assert.equal(res.statusCode, 303);
      assert.match((await people.adminA.get('/organisation/helplines')).body, /value="scotland" checked/);
      assert.match(textOf((await people.personA.get('/help')).body), /More help in Scotland/);
    });

    test('no choice, an unknown nation or a repeated field is refused with the error summary, changing nothing', async () => {
      await people.adminA.post('/organisation/nation', { organisationId: riverside(), nation: 'wales' });
      const forms: Record<string, string | string[]>[] = [{}, { nation: 'mars' }, { nation: ['england', 'scotland'] }, { nation: '' }];
      for (const form of forms) {
        const res = await people.adminA.post('/organisation/nation', { organisationId: riverside(), ...form });
        assert.equal(res.statusCode, 400, JSON.stringify(form));
        assert.match(res.body, /There is a problem/);
        assert.match(res.body, new RegExp(`href="#nation-${riverside()}"`));
        assert.equal(await nationOf(t.database.db, [riverside()]), 'wales');
      }
    });

    test('people who are not admins, and admins of another organisation, get 404 and change nothing', async () => {
      await people.adminA.post('/organisation/nation', { organisationId: riverside(), nation: 'england' });
      for (const who of ['personA', 'supporterA', 'adminB'] as const) {
        const res = await people[who].post('/organisation/nation', { organisationId: riverside(), nation: 'wales' });
        assert.equal(res.statusCode, 404, who);
      }
      assert.equal(await nationOf(t.database.db, [riverside()]), 'england');
    });

    test('hostile input never causes a 500', async () => {
      await fc.assert(
        fc.asyncProperty(hostileForm(['organisationId', 'nation']), async (form) => {
          assert.ok((await people.adminA.post('/organisation/nation', form)).statusCode < 500);
          assert.ok((await people.adminA.post('/organisation/nation', { ...form, organisationId: riverside() })).statusCode < 500);
        }),
        { numRuns: 30 },
      );
    });
  });
});
