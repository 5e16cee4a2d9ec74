import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { FolderNotifier, NotifyNotifier, type NotifyEmailClient } from './notify.ts';

describe('the outbox folder', () => {
  test('a reader polling the folder never meets a message half-written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waymark-outbox-'));
    try {
      const outbox = new FolderNotifier(dir);
      // Large messages written while the folder is read over and over, as the browser tests do.
      const text = 'x'.repeat(1024 * 1024);
      const state = { writing: true };
      const sends = Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          outbox.sendEmail({ to: `p${i}@example.org`, template: 'confirm-email', personalisation: { text } }),
        ),
      ).finally(() => (state.writing = false));
      let reads = 0;
      while (state.writing) {
        for (const m of await outbox.read()) assert.equal(m.personalisation.text?.length, text.length);
        reads++;
      }
      await sends;
      assert.ok(reads > 0);
      assert.equal((await outbox.read()).length, 30);
      assert.deepEqual(
        (await readdir(dir)).filter((n) => !n.endsWith('.json')),
        [],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('sending email through GOV.UK Notify', () => {
  test('uses the template for each kind of message, with its personalisation', async () => {
    const sent: unknown[][] = [];
    const client: NotifyEmailClient = {
      sendEmail: (...args) => {
        sent.push(args);
        return Promise.resolve({});
      },
    };
    const notifier = new NotifyNotifier(client, {
      'password-reset': 'tpl-reset',
      'password-changed': 'tpl-changed',
      'confirm-email': 'tpl-confirm',
      'account-exists': 'tpl-exists',
      'change-email': 'tpl-change',
      'email-changed': 'tpl-email-changed',
      'circle-invitation': 'tpl-circle',
      'organisation-invitation': 'tpl-organisation',
      'listing-check': 'tpl-listing',
      'listing-report': 'tpl-report',
      'check-in-reminder': 'tpl-reminder',
      'review-reminder': 'tpl-review',
    });
    await notifier.sendEmail({ to: 'sam@example.org', template: 'password-reset', personalisation: { name: 'Sam', link: 'https://w/x' } });
    assert.deepEqual(sent, [['tpl-reset', 'sam@example.org', { personalisation: { name: 'Sam', link: 'https://w/x' } }]]);
    // Notify sets no headers of ours: List-Unsubscribe is left out, never sent as something else.
    const headers = { 'List-Unsubscribe': '<https://w/u>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
    await notifier.sendEmail({ to: 'sam@example.org', template: 'check-in-reminder', personalisation: { name: 'Sam' }, headers });
    assert.deepEqual(sent[1], ['tpl-reminder', 'sam@example.org', { personalisation: { name: 'Sam' } }]);
  });

  test('a failure from Notify reaches the caller instead of passing silently', async () => {
    const client: NotifyEmailClient = { sendEmail: () => Promise.reject(new Error('Notify said no')) };
    const notifier = new NotifyNotifier(client, {
      'password-reset': 'a',
      'password-changed': 'b',
      'confirm-email': 'f',
      'account-exists': 'g',
      'change-email': 'h',
      'email-changed': 'i',
      'circle-invitation': 'e',
      'organisation-invitation': 'j',
      'listing-check': 'k',
      'listing-report': 'q',
      'check-in-reminder': 'c',
      'review-reminder': 'd',
    });
    await assert.rejects(notifier.sendEmail({ to: 'x@example.org', template: 'password-changed', personalisation: {} }), /Notify said no/);
  });
});
