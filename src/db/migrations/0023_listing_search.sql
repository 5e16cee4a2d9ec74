DROP INDEX "hsds_service_fts_idx";--> statement-breakpoint
ALTER TABLE "hsds_service" ADD COLUMN "search_document" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', "hsds_service"."name" || ' ' || coalesce("hsds_service"."description", ''))) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "hsds_address_postcode_idx" ON "hsds_address" USING btree (upper(replace("postal_code", ' ', '')));--> statement-breakpoint
CREATE INDEX "hsds_address_outward_idx" ON "hsds_address" USING btree (left(upper(replace("postal_code", ' ', '')), greatest(length(upper(replace("postal_code", ' ', ''))) - 3, 0)));--> statement-breakpoint
CREATE INDEX "hsds_service_fts_idx" ON "hsds_service" USING gin ("search_document");