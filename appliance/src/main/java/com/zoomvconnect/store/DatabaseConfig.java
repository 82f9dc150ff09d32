package com.zoomvconnect.store;

import java.nio.file.Path;

/**
 * Where the database lives. An empty {@code url} means the embedded H2 file in the data dir.
 *
 * @param url      JDBC URL ({@code jdbc:h2:...} or {@code jdbc:postgresql:...}); blank for embedded H2
 * @param user     database user (ignored for embedded H2)
 * @param password database password
 * @param poolSize maximum pooled connections
 */
public record DatabaseConfig(String url, String user, String password, int poolSize) {

    /** Embedded H2 in {@code dataDir/db}, the default. */
    public static DatabaseConfig embedded(Path dataDir) {
        return new DatabaseConfig(h2Url(dataDir), "", "", 10);
    }

    static String h2Url(Path dataDir) {
        // AUTO_SERVER is off: one process owns the file. DB_CLOSE_ON_EXIT=FALSE lets our own
        // shutdown close the pool in order instead of H2's JVM hook racing it.
        return "jdbc:h2:file:" + dataDir.resolve("db").resolve("zoomvconnect").toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    public boolean isH2() {
        return url.startsWith("jdbc:h2:");
    }

    /** An H2 database that lives only as long as the process (tests: {@code jdbc:h2:mem:}). */
    public boolean isInMemory() {
        return url.startsWith("jdbc:h2:mem:");
    }
}
