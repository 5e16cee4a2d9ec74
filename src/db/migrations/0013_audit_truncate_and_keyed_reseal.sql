-- Events are now sealed with a key (format 3). Events of an earlier format are re-sealed once
-- at start-up (src/platform/audit.ts, resealLegacyAudit), after their old hashes are verified:
-- only that, inside its own transaction, may rewrite a row, and only a row not yet keyed.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND current_setting('waymark.audit_reseal', true) = 'on' AND OLD.hash_version < 3 THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- TRUNCATE fires no row trigger: refuse it too. (Its owner could still disable the trigger: on
-- PostgreSQL the table belongs to a role of its own, not the service's; see protect-audit.)
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "hash_version" SET DEFAULT 3;
