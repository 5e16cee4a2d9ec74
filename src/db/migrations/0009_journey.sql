CREATE TABLE "check_ins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid NOT NULL,
	"measure_id" text NOT NULL,
	"measure_version" integer NOT NULL,
	"answers" jsonb NOT NULL,
	"scores" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"kept_well" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"warning_signs" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisation_measures" (
	"organisation_id" uuid NOT NULL,
	"measure_id" text NOT NULL,
	"definition" jsonb NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"loaded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "organisation_measures_organisation_id_measure_id_pk" PRIMARY KEY("organisation_id","measure_id")
);
--> statement-breakpoint
CREATE TABLE "reminder_settings" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"frequency" text NOT NULL,
	"time_of_day" text NOT NULL,
	"quiet_days" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"review_reminder" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminders_sent" (
	"account_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"slot" timestamp with time zone NOT NULL,
	CONSTRAINT "reminders_sent_account_id_kind_slot_pk" PRIMARY KEY("account_id","kind","slot")
);
--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_owner_id_accounts_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_measures" ADD CONSTRAINT "organisation_measures_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_settings" ADD CONSTRAINT "reminder_settings_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders_sent" ADD CONSTRAINT "reminders_sent_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "check_ins_owner_created_idx" ON "check_ins" USING btree ("owner_id","created_at");