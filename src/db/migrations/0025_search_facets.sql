DROP INDEX "hsds_schedule_days_idx";--> statement-breakpoint
DROP INDEX "hsds_schedule_opens_idx";--> statement-breakpoint
ALTER TABLE "hsds_service" ADD COLUMN "search_facets" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "hsds_service_facets_idx" ON "hsds_service" USING gin ("search_facets");--> statement-breakpoint
-- A listing's search facets (hsds_service.search_facets, see schema-directory.ts), worked out from
-- its parts. Days come from iCal BYDAY (`1MO, -1fr` is Monday and Friday); a time of day from
-- when a schedule opens (none given: from midnight): morning before 12:00, afternoon before
-- 17:00, evening before 24:00. A listing is free when none of its costs is above nothing.
CREATE FUNCTION "hsds_search_facets_of"(listing uuid) RETURNS text[] LANGUAGE sql STABLE AS $$
  SELECT array(
      SELECT DISTINCT f FROM (
        SELECT 'term:' || a.taxonomy_term_id FROM hsds_attribute a WHERE a.link_id = listing
        UNION ALL
        SELECT 'free' WHERE NOT EXISTS (
          SELECT 1 FROM hsds_cost_option c WHERE c.service_id = listing AND coalesce(c.amount, 0) > 0)
        UNION ALL
        SELECT token FROM hsds_schedule h
          CROSS JOIN LATERAL (SELECT
            string_to_array(regexp_replace(upper(coalesce(h.byday, '')), '[^A-Z,]', '', 'g'), ',') AS days,
            CASE
              WHEN coalesce(h.opens_at, '00:00') < '00:00' THEN NULL
              WHEN coalesce(h.opens_at, '00:00') < '12:00' THEN 'morning'
              WHEN coalesce(h.opens_at, '00:00') < '17:00' THEN 'afternoon'
              WHEN coalesce(h.opens_at, '00:00') < '24:00' THEN 'evening'
            END AS part) w
          CROSS JOIN LATERAL (
            SELECT 'time:' || w.part WHERE w.part IS NOT NULL
            UNION ALL SELECT 'day:' || d FROM unnest(w.days) d WHERE d <> ''
            UNION ALL SELECT 'day:' || d || '@' || w.part FROM unnest(w.days) d WHERE d <> '' AND w.part IS NOT NULL
          ) tokens(token)
          WHERE h.service_id = listing
        UNION ALL
        -- Each part read by the listing's own key (correlated), so that the plan stays a few index
        -- lookups even while a bulk load has left the planner no statistics.
        SELECT 'mode:' || (SELECT l.location_type FROM hsds_location l WHERE l.id = sal.location_id)
          FROM hsds_service_at_location sal WHERE sal.service_id = listing
        UNION ALL
        SELECT 'step-free' FROM hsds_service_at_location sal WHERE sal.service_id = listing
          AND 'step-free' = ANY(array(SELECT x.accessibility FROM hsds_accessibility x WHERE x.location_id = sal.location_id))
        UNION ALL
        SELECT 'lang:' || g.code FROM hsds_language g WHERE g.service_id = listing AND g.code IS NOT NULL
      ) parts(f) WHERE f IS NOT NULL ORDER BY f
  )
$$;
--> statement-breakpoint
-- Rows whose facets are already right are left alone.
CREATE FUNCTION "hsds_refresh_search_facets"(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE hsds_service s SET search_facets = worked.facets
  FROM (SELECT id, hsds_search_facets_of(id) AS facets FROM unnest(ids) AS id) worked
  WHERE s.id = worked.id AND s.search_facets IS DISTINCT FROM worked.facets
$$;
--> statement-breakpoint
-- Listings whose parts changed in a transaction not yet committed: each is worked out once, as
-- the transaction commits, however many of its rows the transaction wrote (a listing is written
-- in a dozen statements; an import or the bench's generator writes thousands of listings).
CREATE TABLE "hsds_search_facets_stale" ("service_id" uuid PRIMARY KEY);
--> statement-breakpoint
-- Which listings a changed row belongs to: TG_ARGV[0] names how the table points at them.
CREATE FUNCTION "hsds_search_facets_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_ARGV[0] = 'id' THEN
    INSERT INTO hsds_search_facets_stale SELECT id FROM changed ON CONFLICT DO NOTHING;
  ELSIF TG_ARGV[0] = 'service_id' THEN
    INSERT INTO hsds_search_facets_stale SELECT DISTINCT service_id FROM changed WHERE service_id IS NOT NULL
      ON CONFLICT DO NOTHING;
  ELSIF TG_ARGV[0] = 'link_id' THEN
    INSERT INTO hsds_search_facets_stale SELECT DISTINCT link_id FROM changed ON CONFLICT DO NOTHING;
  ELSIF TG_ARGV[0] = 'location' THEN
    INSERT INTO hsds_search_facets_stale SELECT DISTINCT sal.service_id FROM hsds_service_at_location sal
      WHERE sal.location_id IN (SELECT id FROM changed) ON CONFLICT DO NOTHING;
  ELSIF TG_ARGV[0] = 'location_id' THEN
    INSERT INTO hsds_search_facets_stale SELECT DISTINCT sal.service_id FROM hsds_service_at_location sal
      WHERE sal.location_id IN (SELECT location_id FROM changed) ON CONFLICT DO NOTHING;
  ELSE
    RAISE EXCEPTION 'hsds_search_facets_changed: no way to find the listings of %', TG_ARGV[0];
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- At commit: the first listing marked works out every marked listing in one statement and clears
-- the marks; the rest then find theirs gone. A mark for a row that is not a listing (an attribute
-- of a location) is cleared with nothing to work out.
CREATE FUNCTION "hsds_search_facets_commit"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  marked uuid[];
BEGIN
  IF NOT EXISTS (SELECT 1 FROM hsds_search_facets_stale WHERE service_id = NEW.service_id) THEN
    RETURN NULL;
  END IF;
  WITH cleared AS (DELETE FROM hsds_search_facets_stale RETURNING service_id)
  SELECT array_agg(service_id) INTO marked FROM cleared;
  IF marked IS NOT NULL THEN
    PERFORM hsds_refresh_search_facets(marked);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "search_facets_at_commit" AFTER INSERT ON "hsds_search_facets_stale"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hsds_search_facets_commit();
--> statement-breakpoint
CREATE TRIGGER "service_facets_insert" AFTER INSERT ON "hsds_service" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('id');--> statement-breakpoint
CREATE TRIGGER "attribute_facets_insert" AFTER INSERT ON "hsds_attribute" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('link_id');--> statement-breakpoint
CREATE TRIGGER "attribute_facets_update_new" AFTER UPDATE ON "hsds_attribute" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('link_id');--> statement-breakpoint
CREATE TRIGGER "attribute_facets_update_old" AFTER UPDATE ON "hsds_attribute" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('link_id');--> statement-breakpoint
CREATE TRIGGER "attribute_facets_delete" AFTER DELETE ON "hsds_attribute" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('link_id');--> statement-breakpoint
CREATE TRIGGER "cost_option_facets_insert" AFTER INSERT ON "hsds_cost_option" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('service_id');--> statement-breakpoint
CREATE TRIGGER "cost_option_facets_update_new" AFTER UPDATE ON "hsds_cost_option" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('service_id');--> statement-breakpoint
CREATE TRIGGER "cost_option_facets_update_old" AFTER UPDATE ON "hsds_cost_option" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('service_id');--> statement-breakpoint
CREATE TRIGGER "cost_option_facets_delete" AFTER DELETE ON "hsds_cost_option" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('service_id');--> statement-breakpoint
CREATE TRIGGER "schedule_facets_insert" AFTER INSERT ON "hsds_schedule" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('service_id');--> statement-breakpoint
CREATE TRIGGER "schedule_facets_update_new" AFTER UPDATE ON "hsds_schedule" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('service_id');--> statement-breakpoint
CREATE TRIGGER "schedule_facets_update_old" AFTER UPDATE ON "hsds_schedule" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('service_id');--> statement-breakpoint
CREATE TRIGGER "schedule_facets_delete" AFTER DELETE ON "hsds_schedule" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('service_id');--> statement-breakpoint
CREATE TRIGGER "service_at_location_facets_insert" AFTER INSERT ON "hsds_service_at_location" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('service_id');--> statement-breakpoint
CREATE TRIGGER "service_at_location_facets_update_new" AFTER UPDATE ON "hsds_service_at_location" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('service_id');--> statement-breakpoint
CREATE TRIGGER "service_at_location_facets_update_old" AFTER UPDATE ON "hsds_service_at_location" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('service_id');--> statement-breakpoint
CREATE TRIGGER "service_at_location_facets_delete" AFTER DELETE ON "hsds_service_at_location" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('service_id');--> statement-breakpoint
CREATE TRIGGER "location_facets_insert" AFTER INSERT ON "hsds_location" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('location');--> statement-breakpoint
CREATE TRIGGER "location_facets_update_new" AFTER UPDATE ON "hsds_location" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('location');--> statement-breakpoint
CREATE TRIGGER "location_facets_update_old" AFTER UPDATE ON "hsds_location" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('location');--> statement-breakpoint
CREATE TRIGGER "location_facets_delete" AFTER DELETE ON "hsds_location" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('location');--> statement-breakpoint
CREATE TRIGGER "accessibility_facets_insert" AFTER INSERT ON "hsds_accessibility" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('location_id');--> statement-breakpoint
CREATE TRIGGER "accessibility_facets_update_new" AFTER UPDATE ON "hsds_accessibility" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('location_id');--> statement-breakpoint
CREATE TRIGGER "accessibility_facets_update_old" AFTER UPDATE ON "hsds_accessibility" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('location_id');--> statement-breakpoint
CREATE TRIGGER "accessibility_facets_delete" AFTER DELETE ON "hsds_accessibility" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('location_id');--> statement-breakpoint
CREATE TRIGGER "language_facets_insert" AFTER INSERT ON "hsds_language" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('service_id');--> statement-breakpoint
CREATE TRIGGER "language_facets_update_new" AFTER UPDATE ON "hsds_language" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('service_id');--> statement-breakpoint
CREATE TRIGGER "language_facets_update_old" AFTER UPDATE ON "hsds_language" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('service_id');--> statement-breakpoint
CREATE TRIGGER "language_facets_delete" AFTER DELETE ON "hsds_language" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION hsds_search_facets_changed('service_id');--> statement-breakpoint
SELECT hsds_refresh_search_facets(array(SELECT id FROM hsds_service));
