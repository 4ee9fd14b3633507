-- The name the import's file has (or had) in the feed's folder: an upload's is its own (upload-<id>--<name>), so two
-- uploads of one name never meet on disk, and a file's import is resumed only by the file it was opened for.
ALTER TABLE import_file ADD COLUMN inbox_name VARCHAR(255) NULL AFTER name;
-- When the row last changed: an unfinished import that has not moved for a while is looked at by the sweep.
ALTER TABLE import_file ADD COLUMN touched_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3);
ALTER TABLE import_file ADD KEY ix_import_file_unfinished (status, touched_at);
