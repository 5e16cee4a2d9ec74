import { eq } from 'drizzle-orm';
import { authenticators, recoveryCodes, sessions } from '../db/schema.ts';
import { AuditLog } from '../platform/audit.ts';
import { findByEmail } from '../features/accounts/store.ts';
import type { CliDeps } from './commands.ts';

/**
 * `reset-authenticator --email EMAIL`: for someone who has lost both their authenticator app and
 * their recovery codes. Whoever runs it must first be sure, outside Waymark, that the request
 * comes from the account's owner. The app and the codes go, every session of the account ends,
 * and the audit log says so; the person signs in with their password and sets an app up again
 * (supporters and admins must, before they open anything shared with them).
 */
export async function resetAuthenticator(deps: CliDeps, email: string | undefined, usage: string): Promise<number> {
  if (!email) {
    deps.err(usage);
    return 2;
  }
  const { db } = await deps.database();
  const account = await findByEmail(db, email);
  if (!account) {
    deps.err(`No account uses ${email}.`);
    return 1;
  }
  const had = await db.transaction(async (tx) => {
    const gone = await tx
      .delete(authenticators)
      .where(eq(authenticators.accountId, account.id))
      .returning({ id: authenticators.accountId });
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.accountId, account.id));
    await tx.delete(sessions).where(eq(sessions.accountId, account.id));
    await new AuditLog(db, deps.clock, deps.auditKey).record(
      { actorId: null, action: 'authenticator.reset', subjectType: 'account', subjectId: account.id },
      tx,
    );
    return gone.length > 0;
  });
  deps.out(
    had
      ? `${email} has no authenticator app now and is signed out everywhere: they sign in with their password and set one up again.`
      : `${email} had no authenticator app; they are signed out everywhere.`,
  );
  return 0;
}
