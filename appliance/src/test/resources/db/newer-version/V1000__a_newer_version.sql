-- What a newer version's migration may do while older nodes still run (docs/cluster.md, "Upgrades"):
-- add tables, and add columns that are nullable or have a default to tables the older version writes.
CREATE TABLE newer_feature (id VARCHAR(64) PRIMARY KEY, created_at TIMESTAMP WITH TIME ZONE NOT NULL);
ALTER TABLE cluster_node ADD COLUMN zone VARCHAR(64);
ALTER TABLE meeting_lease ADD COLUMN relayed_by VARCHAR(64) DEFAULT '' NOT NULL;
ALTER TABLE meetings ADD COLUMN newer_setting BOOLEAN DEFAULT FALSE NOT NULL;
