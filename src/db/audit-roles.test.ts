import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../app.ts';
import { protectAudit } from '../cli/audit-commands.ts';
import { FolderNotifier } from '../platform/notify.ts';
import { createServices } from '../services.ts';
import { newPerson, withServices } from '../test/harness.ts';
import { openDatabase } from './client.ts';

const server = process.env.TEST_DATABASE_URL;

/** The server's address, with another database and, if given, another user. */
function urlOf(database: string, user?: string): string {
  const url = new URL(server ?? '');
  url.pathname = `/${database}`;
  if (user) url.username = user;
  return url.toString();
}

async function asAdmin(statements: string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    for (const statement of statements) await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/**
 * On PostgreSQL the service runs as an ordinary role that owns its tables (it runs the migrations),
 * but not the database or its schema, and not the audit table: `protect-audit` hands that (and its
 * trigger function) to a role of its own. The service
 * then adds to the log and reads it, and every way it could change or remove the record is refused
 * by the database itself.
 */
describe(
  'the audit table, protected from the service’s own role',
  { skip: server ? false : 'needs TEST_DATABASE_URL (PostgreSQL)' },
  () => {
    test('the service writes and reads the log, and cannot update, delete, truncate, disable the trigger, replace it or drop the table', async () => {
      const suffix = randomBytes(4).toString('hex');
      const service = `waymark_svc_${suffix}`;
      const owner = `waymark_audit_${suffix}`;
      const name = `waymark_roles_${suffix}`;
      await asAdmin([`create role ${service} login`, `create database ${name}`, `grant create on database ${name} to ${service}`]);
      try {
        // The database and its public schema stay an administrator's: the service may create in them.
        const inside = new pg.Client({ connectionString: urlOf(name) });
        await inside.connect();
        await inside.query(`grant create on schema public to ${service}`);
        await inside.end();
        // Migrations and the job queue's tables are made by the service's own role, as in production.
        const database = await openDatabase({ databaseUrl: urlOf(name, service) });
        const config = { secureCookies: true, sessionSecret: 's'.repeat(40), baseUrl: 'https://waymark.test', auditKey: 'k'.repeat(40) };
        const services = await createServices({ database, config, notify: new FolderNotifier(`/tmp/waymark-roles-${suffix}`) });
        const app = withServices(await buildApp({ services, config: { ...config, env: 'test' } }), services);
        try {
          await services.audit.record({ actorId: null, action: 'test.before-protection' });

          const admin = await openDatabase({ databaseUrl: urlOf(name) });
          await protectAudit(admin.db, { service, owner });
          await admin.close();

          // The service goes on as before: people sign up (audited), delete their account (their
          // personal details beside the log go with it), and the log verifies.
          const person = await newPerson(app, 'Robin');
          const deleted = await person.browser.post('/account/delete', { currentPassword: person.password });
          assert.equal(deleted.statusCode, 303);
          await services.audit.record({ actorId: null, action: 'test.after-protection' });
          assert.equal((await services.audit.verify()).ok, true);

          const refused = async (statement: string, expected: RegExp) => {
            await assert.rejects(
              database.db.execute(sql.raw(statement)),
              (err: Error) => {
                const message = (err as { cause?: Error }).cause?.message ?? err.message;
                return expected.test(message);
              },
              statement,
            );
          };
          await refused(`update audit_events set action = 'changed'`, /permission denied/);
          await refused('delete from audit_events', /permission denied/);
          await refused('truncate audit_events cascade', /permission denied/);
          await refused('alter table audit_events disable trigger audit_events_no_update', /must be owner/);
          await refused('alter table audit_events disable trigger all', /must be owner/);
          await refused('drop table audit_events cascade', /must be owner/);
          await refused(
            'create or replace function audit_events_append_only() returns trigger as $$ begin return new; end; $$ language plpgsql',
            /must be owner/,
          );
          await refused(`alter table audit_events owner to ${service}`, /must be owner/);
          assert.equal((await services.audit.verify()).ok, true, 'the log is whole after every attempt');
        } finally {
          await app.close();
          await services.jobs.stop();
          await database.close();
        }
      } finally {
        await asAdmin([`drop database if exists ${name} with (force)`, `drop role if exists ${owner}`, `drop role if exists ${service}`]);
      }
    });

    test('is refused while the service’s role owns the database (it could drop it all), and for a superuser', async () => {
      const suffix = randomBytes(4).toString('hex');
      const service = `waymark_svc_${suffix}`;
      const name = `waymark_roles_${suffix}`;
      await asAdmin([`create role ${service} login`, `create database ${name} owner ${service}`]);
      try {
        const admin = await openDatabase({ databaseUrl: urlOf(name) });
        try {
          await assert.rejects(protectAudit(admin.db, { service, owner: `waymark_audit_${suffix}` }), /owns the database/);
          await assert.rejects(protectAudit(admin.db, { service: 'postgres', owner: `waymark_audit_${suffix}` }), /is a superuser/);
          await assert.rejects(
            protectAudit(admin.db, { service: `nobody_${suffix}`, owner: `waymark_audit_${suffix}` }),
            /There is no role/,
          );
        } finally {
          await admin.close();
        }
      } finally {
        await asAdmin([
          `drop database if exists ${name} with (force)`,
          `drop role if exists waymark_audit_${suffix}`,
          `drop role if exists ${service}`,
        ]);
      }
    });
  },
);
