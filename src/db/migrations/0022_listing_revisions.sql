CREATE TABLE "listing_revisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"author_id" uuid,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"fields" jsonb NOT NULL,
	"changed" jsonb NOT NULL,
	CONSTRAINT "listing_revisions_kind_check" CHECK ("listing_revisions"."kind" in ('created', 'edited', 'closed', 'reopened'))
);
--> statement-breakpoint
ALTER TABLE "listing_revisions" ADD CONSTRAINT "listing_revisions_service_id_hsds_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."hsds_service"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listing_revisions" ADD CONSTRAINT "listing_revisions_author_id_accounts_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "listing_revisions_version_idx" ON "listing_revisions" USING btree ("service_id","version");--> statement-breakpoint
CREATE INDEX "listing_revisions_author_idx" ON "listing_revisions" USING btree ("author_id");