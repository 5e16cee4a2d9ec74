CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "hsds_accessibility" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"location_id" uuid NOT NULL,
	"description" text,
	"details" text,
	"url" text,
	"accessibility" text
);
--> statement-breakpoint
CREATE TABLE "hsds_address" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"location_id" uuid NOT NULL,
	"attention" text,
	"address_1" text NOT NULL,
	"city" text NOT NULL,
	"region" text,
	"state_province" text NOT NULL,
	"postal_code" text NOT NULL,
	"country" text NOT NULL,
	"address_type" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hsds_attribute" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"link_id" uuid NOT NULL,
	"taxonomy_term_id" uuid NOT NULL,
	"link_type" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hsds_contact" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid,
	"name" text,
	"title" text
);
--> statement-breakpoint
CREATE TABLE "hsds_cost_option" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"valid_from" text,
	"valid_to" text,
	"option" text,
	"amount" double precision,
	"amount_description" text
);
--> statement-breakpoint
CREATE TABLE "hsds_funding" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"source" text
);
--> statement-breakpoint
CREATE TABLE "hsds_language" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid,
	"phone_id" uuid,
	"name" text,
	"code" text
);
--> statement-breakpoint
CREATE TABLE "hsds_location" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"location_type" text NOT NULL,
	"name" text,
	"description" text,
	"latitude" double precision,
	"longitude" double precision,
	"external_identifier" text,
	"external_identifier_type" text
);
--> statement-breakpoint
CREATE TABLE "hsds_organization" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"email" text,
	"website" text,
	"logo" text,
	"uri" text,
	"parent_organization_id" uuid,
	"waymark_organisation_id" uuid
);
--> statement-breakpoint
CREATE TABLE "hsds_organization_identifier" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"identifier_scheme" text,
	"identifier_type" text NOT NULL,
	"identifier" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hsds_phone" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contact_id" uuid,
	"number" text NOT NULL,
	"description" text
);
--> statement-breakpoint
CREATE TABLE "hsds_schedule" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid,
	"service_at_location_id" uuid,
	"valid_from" text,
	"valid_to" text,
	"dtstart" text,
	"freq" text,
	"interval" integer,
	"byday" text,
	"bymonthday" text,
	"description" text,
	"opens_at" text,
	"closes_at" text,
	"schedule_link" text,
	"attending_type" text,
	"notes" text
);
--> statement-breakpoint
CREATE TABLE "hsds_service" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"url" text,
	"email" text,
	"status" text NOT NULL,
	"fees" text,
	"accreditations" text,
	"minimum_age" integer,
	"maximum_age" integer,
	"assured_date" text,
	"assurer_email" text,
	"alert" text,
	"last_modified" timestamp with time zone NOT NULL,
	CONSTRAINT "hsds_service_status_check" CHECK ("hsds_service"."status" in ('active', 'inactive', 'defunct', 'temporarily closed'))
);
--> statement-breakpoint
CREATE TABLE "hsds_service_area" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"name" text,
	"extent" text,
	"extent_type" text,
	"uri" text,
	"service_area" text
);
--> statement-breakpoint
CREATE TABLE "hsds_service_at_location" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"location_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hsds_taxonomy" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"uri" text,
	"version" text
);
--> statement-breakpoint
CREATE TABLE "hsds_taxonomy_term" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"parent_id" uuid,
	"taxonomy_id" uuid,
	"term_uri" text,
	"term" text
);
--> statement-breakpoint
ALTER TABLE "hsds_accessibility" ADD CONSTRAINT "hsds_accessibility_location_id_hsds_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."hsds_location"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hsds_address" ADD CONSTRAINT "hsds_address_location_id_hsds_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."hsds_location"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hsds_attribute" ADD CONSTRAINT "hsds_attribute_taxonomy_term_id_hsds_taxonomy_term_id_fk" FOREIGN KEY ("taxonomy_term_id") REFERENCES "public"."hsds_taxonomy_term"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hsds_contact" ADD CONSTRAINT "hsds_contact_service_id_hsds_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."hsds_service"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hsds_cost_option" ADD CONSTRAINT "hsds_cost_option_service_id_hsds_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."hsds_service"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hsds_funding" ADD CONSTRAINT "hsds_funding_service_id_hsds_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."hsds_service"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hsds_language" ADD CONSTRAINT "hsds_language_service_id_hsds_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."hsds_service"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hsds_language" ADD CONSTRAINT "hsds_language_phone_id_hsds_phone_id_fk" FOREIGN KEY ("phone_id") REFERENCES "public"."hsds_phone"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hsds_organization" ADD CONSTRAINT "hsds_organization_waymark_organisation_id_organisations_id_fk" FOREIGN KEY ("waymark_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hsds_organization_identifier" ADD CONSTRAINT "hsds_organization_identifier_organization_id_hsds_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."hsds_organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hsds_phone" ADD CONSTRAINT "hsds_phone_contact_id_hsds_contact_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."hsds_contact"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hsds_schedule" ADD CONSTRAINT "hsds_schedule_service_id_hsds_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."hsds_service"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hsds_schedule" ADD CONSTRAINT "hsds_schedule_service_at_location_id_hsds_service_at_location_id_fk" FOREIGN KEY ("service_at_location_id") REFERENCES "public"."hsds_service_at_location"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hsds_service" ADD CONSTRAINT "hsds_service_organization_id_hsds_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."hsds_organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hsds_service_area" ADD CONSTRAINT "hsds_service_area_service_id_hsds_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."hsds_service"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hsds_service_at_location" ADD CONSTRAINT "hsds_service_at_location_service_id_hsds_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."hsds_service"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hsds_service_at_location" ADD CONSTRAINT "hsds_service_at_location_location_id_hsds_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."hsds_location"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hsds_taxonomy_term" ADD CONSTRAINT "hsds_taxonomy_term_taxonomy_id_hsds_taxonomy_id_fk" FOREIGN KEY ("taxonomy_id") REFERENCES "public"."hsds_taxonomy"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hsds_accessibility_location_idx" ON "hsds_accessibility" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "hsds_address_location_idx" ON "hsds_address" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "hsds_attribute_link_idx" ON "hsds_attribute" USING btree ("link_id");--> statement-breakpoint
CREATE INDEX "hsds_attribute_term_idx" ON "hsds_attribute" USING btree ("taxonomy_term_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hsds_attribute_unique_idx" ON "hsds_attribute" USING btree ("link_id","taxonomy_term_id");--> statement-breakpoint
CREATE INDEX "hsds_contact_service_idx" ON "hsds_contact" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "hsds_cost_option_service_idx" ON "hsds_cost_option" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "hsds_funding_service_idx" ON "hsds_funding" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "hsds_language_service_idx" ON "hsds_language" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "hsds_org_identifier_org_idx" ON "hsds_organization_identifier" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "hsds_phone_contact_idx" ON "hsds_phone" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "hsds_schedule_service_idx" ON "hsds_schedule" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "hsds_schedule_sal_idx" ON "hsds_schedule" USING btree ("service_at_location_id");--> statement-breakpoint
CREATE INDEX "hsds_service_org_idx" ON "hsds_service" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "hsds_service_fts_idx" ON "hsds_service" USING gin (to_tsvector('english', "name" || ' ' || coalesce("description", '')));--> statement-breakpoint
CREATE INDEX "hsds_service_name_trgm_idx" ON "hsds_service" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "hsds_service_area_service_idx" ON "hsds_service_area" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "hsds_sal_service_idx" ON "hsds_service_at_location" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "hsds_sal_location_idx" ON "hsds_service_at_location" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "hsds_taxonomy_term_taxonomy_idx" ON "hsds_taxonomy_term" USING btree ("taxonomy_id");--> statement-breakpoint
INSERT INTO "hsds_taxonomy" ("id", "name", "description", "version") VALUES
  ('0a1d0000-0000-4000-8000-000000000001', 'Waymark parts of recovery', 'The CHIME parts of personal recovery: connectedness, hope, identity, meaning and empowerment.', '1'),
  ('0a1d0000-0000-4000-8000-000000000002', 'Waymark needs and activities', 'What a person is looking for: an activity, a kind of support or a practical need.', '1'),
  ('0a1d0000-0000-4000-8000-000000000003', 'Waymark listing features', 'Features of how a service is run.', '1');--> statement-breakpoint
INSERT INTO "hsds_taxonomy_term" ("id", "name", "description", "taxonomy_id", "term") VALUES
  ('0a1d0001-0000-4000-8000-000000000001', 'Connectedness', 'Helps with connectedness, a part of personal recovery (CHIME).', '0a1d0000-0000-4000-8000-000000000001', 'connectedness'),
  ('0a1d0001-0000-4000-8000-000000000002', 'Hope', 'Helps with hope, a part of personal recovery (CHIME).', '0a1d0000-0000-4000-8000-000000000001', 'hope'),
  ('0a1d0001-0000-4000-8000-000000000003', 'Identity', 'Helps with identity, a part of personal recovery (CHIME).', '0a1d0000-0000-4000-8000-000000000001', 'identity'),
  ('0a1d0001-0000-4000-8000-000000000004', 'Meaning', 'Helps with meaning, a part of personal recovery (CHIME).', '0a1d0000-0000-4000-8000-000000000001', 'meaning'),
  ('0a1d0001-0000-4000-8000-000000000005', 'Empowerment', 'Helps with empowerment, a part of personal recovery (CHIME).', '0a1d0000-0000-4000-8000-000000000001', 'empowerment'),
  ('0a1d0002-0000-4000-8000-000000000001', 'Walking', 'A need or activity: walking.', '0a1d0000-0000-4000-8000-000000000002', 'walking'),
  ('0a1d0002-0000-4000-8000-000000000002', 'Peer support', 'A need or activity: peer support.', '0a1d0000-0000-4000-8000-000000000002', 'peer-support'),
  ('0a1d0002-0000-4000-8000-000000000003', 'Creative', 'A need or activity: creative.', '0a1d0000-0000-4000-8000-000000000002', 'creative'),
  ('0a1d0002-0000-4000-8000-000000000004', 'Sport', 'A need or activity: sport.', '0a1d0000-0000-4000-8000-000000000002', 'sport'),
  ('0a1d0002-0000-4000-8000-000000000005', 'Volunteering', 'A need or activity: volunteering.', '0a1d0000-0000-4000-8000-000000000002', 'volunteering'),
  ('0a1d0002-0000-4000-8000-000000000006', 'Learning', 'A need or activity: learning.', '0a1d0000-0000-4000-8000-000000000002', 'learning'),
  ('0a1d0002-0000-4000-8000-000000000007', 'Work', 'A need or activity: work.', '0a1d0000-0000-4000-8000-000000000002', 'work'),
  ('0a1d0002-0000-4000-8000-000000000008', 'Faith', 'A need or activity: faith.', '0a1d0000-0000-4000-8000-000000000002', 'faith'),
  ('0a1d0002-0000-4000-8000-000000000009', 'Gardening', 'A need or activity: gardening.', '0a1d0000-0000-4000-8000-000000000002', 'gardening'),
  ('0a1d0002-0000-4000-8000-00000000000a', 'Money', 'A need or activity: money.', '0a1d0000-0000-4000-8000-000000000002', 'money'),
  ('0a1d0002-0000-4000-8000-00000000000b', 'Housing', 'A need or activity: housing.', '0a1d0000-0000-4000-8000-000000000002', 'housing'),
  ('0a1d0002-0000-4000-8000-00000000000c', 'Food', 'A need or activity: food.', '0a1d0000-0000-4000-8000-000000000002', 'food'),
  ('0a1d0002-0000-4000-8000-00000000000d', 'Social', 'A need or activity: social.', '0a1d0000-0000-4000-8000-000000000002', 'social'),
  ('0a1d0002-0000-4000-8000-00000000000e', 'Mindfulness', 'A need or activity: mindfulness.', '0a1d0000-0000-4000-8000-000000000002', 'mindfulness'),
  ('0a1d0002-0000-4000-8000-00000000000f', 'Music', 'A need or activity: music.', '0a1d0000-0000-4000-8000-000000000002', 'music'),
  ('0a1d0002-0000-4000-8000-000000000010', 'Carers', 'A need or activity: carers.', '0a1d0000-0000-4000-8000-000000000002', 'carers'),
  ('0a1d0003-0000-4000-8000-000000000001', 'Peer-led', 'Run by people with lived experience.', '0a1d0000-0000-4000-8000-000000000003', 'peer-led');
