package com.zoomvconnect.cluster;

import com.zoomvconnect.store.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** A PostgreSQL connection of the node's own, outside the pool, for a session that must stay open (LISTEN, the node lock). */
final class DirectConnection {
    private DirectConnection() {
    }

    /** Opens a connection named {@code applicationName} (shown in {@code pg_stat_activity}), with TCP keepalive on. */
    static Connection open(DatabaseConfig config, String applicationName) throws SQLException {
        var props = new Properties();
        if (!config.user().isBlank()) {
            props.setProperty("user", config.user());
        }
        if (!config.password().isBlank()) {
            props.setProperty("password", config.password());
        }
        props.setProperty("connectTimeout", "3");
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(config.url(), props);
    }
}
