DROP INDEX "hsds_service_fts_idx";--> statement-breakpoint
ALTER TABLE "hsds_service" ADD COLUMN "search_document" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', "hsds_service"."name" || ' ' || coalesce("hsds_service"."description", ''))) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "hsds_service_fts_idx" ON "hsds_service" USING gin ("search_document");