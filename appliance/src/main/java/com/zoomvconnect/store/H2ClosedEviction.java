package com.zoomvconnect.store;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Tells the pool to throw away a connection to an embedded H2 database that closed itself. H2 closes
 * the whole database when a write to its file fails (a full disk: "Writing to ... failed") and every
 * connection then answers 90098 "The database has been closed", which Hikari does not take for a
 * broken connection. Evicted, the next connection opens the file again — once there is room, the
 * database is back without a restart, with every commit acknowledged before the failure.
 * Hikari creates this by its class name (it needs a public no-argument constructor).
 */
public final class H2ClosedEviction implements SQLExceptionOverride {
    /** H2's DATABASE_IS_CLOSED and GENERAL_ERROR (what a failed file write surfaces as). */
    private static final int DATABASE_IS_CLOSED = 90098;
    private static final int GENERAL_ERROR = 50000;

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && (sql.getErrorCode() == DATABASE_IS_CLOSED
                    || sql.getErrorCode() == GENERAL_ERROR && String.valueOf(sql.getMessage()).contains("MVStoreException"))) {
                return Override.MUST_EVICT;
            }
        }
        return Override.CONTINUE_EVICT;
    }
}
