-- How far the reading of a file has got (bytes of size_bytes), for the console's progress bar.
ALTER TABLE import_file ADD COLUMN bytes_read BIGINT NOT NULL DEFAULT 0 AFTER size_bytes;
UPDATE import_file SET bytes_read = size_bytes WHERE finished_at IS NOT NULL;
