-- A contact's number of notes is counted from its timeline when needed; the stored copy was never read.
ALTER TABLE contacts DROP COLUMN notes_count;
