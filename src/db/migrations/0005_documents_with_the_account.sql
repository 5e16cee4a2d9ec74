-- A person's documents are made with their account, so that opening a page never writes.
-- Their content starts as '{}' (schema version 0): reading it fills in the empty shape
-- (see readContent and each format's first upgrade), so no shape is repeated here.
-- A new kind of owned document needs a migration that adds it below and makes it for
-- every existing account.
CREATE OR REPLACE FUNCTION documents_for_new_account() RETURNS trigger AS $$
DECLARE
  k text;
  doc uuid;
BEGIN
  FOREACH k IN ARRAY ARRAY['recovery-plan', 'staying-well', 'crisis-plan', 'safety-plan'] LOOP
    INSERT INTO documents (owner_id, kind, version, content, updated_at)
      VALUES (NEW.id, k, 1, '{}'::jsonb, NEW.created_at)
      ON CONFLICT (owner_id, kind) DO NOTHING
      RETURNING id INTO doc;
    IF doc IS NOT NULL THEN
      INSERT INTO document_revisions (document_id, version, content, author_id, change, created_at)
        VALUES (doc, 1, '{}'::jsonb, NEW.id, 'created', NEW.created_at);
    END IF;
  END LOOP;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER accounts_make_documents AFTER INSERT ON accounts
  FOR EACH ROW EXECUTE FUNCTION documents_for_new_account();
--> statement-breakpoint
-- Everyone who has an account already gets whatever they lack, dated now.
WITH made AS (
  INSERT INTO documents (owner_id, kind, version, content, updated_at)
    SELECT a.id, k.kind, 1, '{}'::jsonb, now()
    FROM accounts a CROSS JOIN (VALUES ('recovery-plan'), ('staying-well'), ('crisis-plan'), ('safety-plan')) AS k(kind)
    ON CONFLICT (owner_id, kind) DO NOTHING
    RETURNING id, owner_id
)
INSERT INTO document_revisions (document_id, version, content, author_id, change, created_at)
  SELECT id, 1, '{}'::jsonb, owner_id, 'created', now() FROM made;
