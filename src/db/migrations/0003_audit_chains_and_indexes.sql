DROP INDEX "audit_owner_idx";--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "chain" text DEFAULT 'service' NOT NULL;--> statement-breakpoint
CREATE INDEX "audit_owner_seq_idx" ON "audit_events" USING btree ("owner_id","seq");--> statement-breakpoint
CREATE INDEX "audit_chain_seq_idx" ON "audit_events" USING btree ("chain","seq");--> statement-breakpoint
CREATE INDEX "document_revisions_author_idx" ON "document_revisions" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "memberships_account_idx" ON "memberships" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "password_resets_account_idx" ON "password_resets" USING btree ("account_id");