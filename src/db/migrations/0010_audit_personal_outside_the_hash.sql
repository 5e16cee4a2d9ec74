-- Personal details of audit events move out of the hash chain into audit_personal, which is
-- removed with the account; the chain keeps only pseudonymous ids, kinds and times.
CREATE TABLE "audit_personal" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"account_id" uuid,
	"ip" text
);
--> statement-breakpoint
-- Events sealed so far covered the address in their hash (format 1); new ones use format 2.
-- Format 1 events are re-sealed as format 2 at start-up (src/platform/audit.ts, resealLegacyAudit),
-- after their old hashes are verified, and their address moves here then.
ALTER TABLE "audit_events" ADD COLUMN "hash_version" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "hash_version" SET DEFAULT 2;--> statement-breakpoint
ALTER TABLE "audit_personal" ADD CONSTRAINT "audit_personal_seq_audit_events_seq_fk" FOREIGN KEY ("seq") REFERENCES "public"."audit_events"("seq") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_personal_account_idx" ON "audit_personal" USING btree ("account_id");--> statement-breakpoint
-- Still append-only: only the one-time re-seal, inside its own transaction, may rewrite a row.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND current_setting('waymark.audit_reseal', true) = 'on' AND OLD.hash_version = 1 THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql;
