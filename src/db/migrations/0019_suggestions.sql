CREATE TABLE "suggestions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid NOT NULL,
	"author_id" uuid,
	"kind" text NOT NULL,
	"part" text NOT NULL,
	"goal_id" text,
	"text" text NOT NULL,
	"status" text NOT NULL,
	"reply" text,
	"document_id" uuid,
	"version" integer,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "suggestions_kind_check" CHECK ("suggestions"."kind" in ('goal', 'step', 'comment')),
	CONSTRAINT "suggestions_status_check" CHECK ("suggestions"."status" in ('pending', 'accepted', 'declined'))
);
--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_owner_id_accounts_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_author_id_accounts_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "suggestions_owner_idx" ON "suggestions" USING btree ("owner_id","status");--> statement-breakpoint
CREATE INDEX "suggestions_author_idx" ON "suggestions" USING btree ("author_id");