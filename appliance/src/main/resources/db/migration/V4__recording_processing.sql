-- Recording: who started it, composition progress, why it failed, and the transcript for search.
ALTER TABLE recordings ADD COLUMN started_by VARCHAR(200);
ALTER TABLE recordings ADD COLUMN progress INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE recordings ADD COLUMN error_message VARCHAR(1000);
ALTER TABLE recordings ADD COLUMN transcript VARCHAR(1000000);
