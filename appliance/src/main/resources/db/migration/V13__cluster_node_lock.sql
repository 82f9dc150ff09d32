-- Cluster mode (docs/cluster.md): each node holds a PostgreSQL advisory lock on a session of its
-- own for as long as it runs; lock_pid is that session's backend. PostgreSQL releases the lock the
-- moment the node's process dies (its connection closes), so the others count it dead at once
-- instead of after cluster.node-timeout. NULL for a node of a version without the lock: its
-- heartbeat alone counts (rolling upgrades).
ALTER TABLE cluster_node ADD COLUMN lock_pid INTEGER;

-- The SHA-256 of the node's TLS certificate (hex): another node forwarding a REST request about a
-- meeting this node hosts trusts this certificate (a self-signed one too), the database being the
-- cluster's root of trust as it is for the token key. NULL for a node of an older version.
ALTER TABLE cluster_node ADD COLUMN tls_sha256 VARCHAR(64);
