-- Cluster mode (docs/cluster.md): the version each node runs, for the dashboard's Cluster page and
-- zvc-admin cluster status during a rolling upgrade. NULL for a node of an older version (it does
-- not write it): shown as unknown.
ALTER TABLE cluster_node ADD COLUMN version VARCHAR(64);
