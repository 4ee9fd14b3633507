-- Where the file of an import was kept (archive/ or error/), and which import a reprocess repeats.
ALTER TABLE import_file ADD COLUMN stored_path VARCHAR(1000) NULL AFTER error;
ALTER TABLE import_file ADD COLUMN reprocess_of BIGINT NULL AFTER stored_path;
