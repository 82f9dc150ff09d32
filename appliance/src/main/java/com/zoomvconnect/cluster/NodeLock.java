package com.zoomvconnect.cluster;

import com.zoomvconnect.store.DatabaseConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * This node's PostgreSQL advisory lock, held on a session of its own for as long as the node runs.
 * PostgreSQL releases a session's advisory locks when the session ends (docs "Advisory Locks"),
 * which for a killed process is the moment the kernel closes its socket: the other nodes see the
 * lock gone ({@code pg_locks}) and count the node dead at once, not after {@code cluster.node-timeout}.
 * Only one session holds a node's lock, so a second process with the same {@code cluster.node-id}
 * is refused while the first runs.
 *
 * <p>The key is {@code (NAMESPACE, hashtext(node_id))}, computed by the server so every node
 * agrees on it. Threading: the heartbeat thread only.
 */
final class NodeLock implements AutoCloseable {
    /** The first key of every node lock: tells ours apart from other advisory locks in the database. */
    static final int NAMESPACE = 0x7a7663; // "zvc"

    private final DatabaseConfig config;
    private final String nodeId;
    private Connection session;
    private int pid;

    private NodeLock(DatabaseConfig config, String nodeId) {
        this.config = config;
        this.nodeId = nodeId;
    }

    /**
     * Takes the lock of {@code nodeId}.
     *
     * @return the lock, or null when another session holds it (another process is this node)
     * @throws SQLException when PostgreSQL cannot be reached
     */
    static NodeLock take(DatabaseConfig config, String nodeId) throws SQLException {
        var lock = new NodeLock(config, nodeId);
        return lock.acquire() ? lock : null;
    }

    /** The backend process id of the session holding the lock ({@code cluster_node.lock_pid}). */
    int pid() {
        return pid;
    }

    /**
     * Takes the lock again on a new session if the old one is gone (PostgreSQL restarted, the
     * connection was cut): until then the others count this node dead.
     *
     * @return whether the lock is held now
     */
    boolean ensureHeld() throws SQLException {
        if (session != null && session.isValid(2)) {
            return true;
        }
        closeSession();
        return acquire();
    }

    private boolean acquire() throws SQLException {
        Connection c = DirectConnection.open(config, "zoomvconnect cluster node " + nodeId);
        try (PreparedStatement st = c.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?)), pg_backend_pid()")) {
            st.setInt(1, NAMESPACE);
            st.setString(2, nodeId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    c.close();
                    return false;
                }
                session = c;
                pid = rs.getInt(2);
                return true;
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * SQL that is true when the node of row {@code alias} holds its lock now, or runs a version
     * without one ({@code lock_pid} NULL: its heartbeat alone counts).
     */
    static String heldSql(String alias) {
        return "(" + alias + ".lock_pid IS NULL OR EXISTS (SELECT 1 FROM pg_locks k WHERE k.locktype = 'advisory' AND k.granted"
                + " AND k.pid = " + alias + ".lock_pid AND k.classid = " + NAMESPACE
                + " AND k.objid = CAST(hashtext(" + alias + ".node_id) AS oid) AND k.objsubid = 2))";
    }

    /** Ends the session, which releases the lock. */
    @Override
    public void close() {
        closeSession();
    }

    private void closeSession() {
        if (session != null) {
            try {
                session.close();
            } catch (SQLException e) {
                // the session is gone either way, and with it the lock
            }
            session = null;
        }
    }
}
