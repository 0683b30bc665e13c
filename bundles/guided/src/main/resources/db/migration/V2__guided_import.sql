-- Sessions restored from an export remember their id in the source, so importing the same file twice is refused.
-- Derby allows any number of NULLs under a UNIQUE constraint: sessions started here carry none.
ALTER TABLE guided_journal_sessions ADD COLUMN external_id VARCHAR(200);

ALTER TABLE guided_journal_sessions ADD CONSTRAINT gjs_external UNIQUE (user_id, external_id);
