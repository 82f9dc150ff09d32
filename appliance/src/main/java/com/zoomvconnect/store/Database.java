package com.zoomvconnect.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/** The connection pool, schema migrations and the {@link Jdbi} handle every DAO shares. */
public final class Database implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Database.class);
    /** How long a request waits for a pooled connection before the database counts as unavailable. */
    static final long CONNECTION_TIMEOUT_MS = 5_000;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final DatabaseConfig config;

    private Database(DatabaseConfig config, HikariDataSource dataSource) {
        this.config = config;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
    }

    /**
     * Opens the pool and brings the schema up to date. A failed migration is rolled back
     * (both H2 and PostgreSQL have transactional DDL), leaving the previous schema intact.
     */
    public static Database open(DatabaseConfig config) {
        return open(config, true);
    }

    /** Opens without running migrations (restoring a backup script into an empty database). */
    public static Database openWithoutMigration(DatabaseConfig config) {
        return open(config, false);
    }

    private static Database open(DatabaseConfig config, boolean migrate) {
        if (!config.isH2() && !config.isPostgres()) {
            throw new StoreException("Unsupported database URL (use jdbc:h2: or jdbc:postgresql:): " + config.url());
        }
        if (config.isH2()) {
            compactH2(config);
        }
        var hikari = new HikariConfig();
        // An in-memory H2 (tests) has no file to make durable, and refuses the file settings.
        hikari.setJdbcUrl(config.isH2() && !config.isInMemory() ? durableH2Url(config.url()) : config.url());
        if (!config.user().isBlank()) {
            hikari.setUsername(config.user());
        }
        if (!config.password().isBlank()) {
            hikari.setPassword(config.password());
        }
        hikari.setMaximumPoolSize(Math.max(1, config.poolSize()));
        hikari.setPoolName("zvc-db");
        // PostgreSQL may be starting beside us (systemd orders it first, but it may still be recovering):
        // keep trying for 10 s. An embedded file that does not open now will not open later.
        hikari.setInitializationFailTimeout(config.isPostgres() ? 10_000 : 1);
        // While the database is down a request waits at most this long for a connection, then the API
        // answers 503 database_unavailable (Hikari's default, 30 s, looks like a hung server).
        hikari.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        hikari.setValidationTimeout(2_000);
        if (config.isH2() && !config.isInMemory()) {
            hikari.setExceptionOverrideClassName(H2ClosedEviction.class.getName());
        }
        if (config.isPostgres()) {
            // pgjdbc's own connect timeout (default 10 s) inside the pool's; keepalives find a dead peer.
            hikari.addDataSourceProperty("connectTimeout", "3");
            hikari.addDataSourceProperty("tcpKeepAlive", "true");
        }
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StoreException(cannotOpen(config, e), e);
        }
        String saved = null;
        try {
            if (migrate) {
                saved = migrate(ds, config);
            }
        } catch (RuntimeException e) {
            ds.close();
            throw new StoreException("Database migration failed: " + rootMessage(e)
                    + (saved != null ? "; the database as it was before the upgrade is saved in " + saved
                    + " (restore it with H2's RunScript, or reinstall the previous version)" : ""), e);
        }
        return new Database(config, ds);
    }

    /**
     * The H2 URL with {@code WRITE_DELAY=0;REUSE_SPACE=FALSE}, whatever the configured URL says.
     * <ul>
     * <li>H2's default write delay (500 ms) leaves committed transactions in memory until a
     * background thread writes them; with 0, {@code TransactionStore.endTransaction} calls the
     * blocking {@code MVStore.commit()}, so a commit returns only once its chunk is in the file
     * (the operating system's page cache, which a killed process does not lose).</li>
     * <li>That is not enough in H2 2.5.252: when a chunk is written into reused free space, the
     * file header it rewrites still names the previous chunk ({@code FileStore.storeBuffer} sets
     * {@code lastChunk} after {@code writeChunk}), so recovery after a kill follows the chunk chain
     * only up to there and drops the newest 1–21 commits. Without space reuse every chunk is
     * appended and recovery finds the last one from the end of the file. The price is a file that
     * grows with every commit while the appliance runs (9–15 KB a commit, measured), reclaimed by
     * {@link #compactH2} at the next start.</li>
     * </ul>
     * H2 does not fsync at commit, so a power loss can still take the last writes
     * (docs/operations.md says so).
     */
    static String durableH2Url(String url) {
        return url.replaceAll("(?i);(WRITE_DELAY|REUSE_SPACE)=[^;]*", "") + ";WRITE_DELAY=0;REUSE_SPACE=FALSE";
    }

    /**
     * Rewrites an embedded H2 file without the space its appended writes left behind (see
     * {@link #durableH2Url}), before the pool opens it: at every start, after a crash too. Takes about
     * 1.4 s for a 43 MB file of 3,000 small commits (measured), which shrank to 12 KB. A file that
     * cannot be compacted (locked, damaged) is left as it is: opening it next says why. A database this
     * process already has open is left alone.
     */
    private static void compactH2(DatabaseConfig config) {
        Path file = h2File(config);
        if (file == null || !Files.isRegularFile(file)) {
            return;
        }
        var credentials = new Properties();
        credentials.setProperty("user", config.user());
        credentials.setProperty("password", config.password());
        long t0 = System.nanoTime();
        try {
            long before = Files.size(file);
            try (Connection c = DriverManager.getConnection(durableH2Url(config.url()), credentials);
                 Statement st = c.createStatement()) {
                // Only when no one else in this process has the database open (it would be shut under them).
                try (var sessions = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
                    if (!sessions.next() || sessions.getInt(1) > 1) {
                        return;
                    }
                }
                st.execute("SHUTDOWN COMPACT");
            }
            LOG.info("Compacted the database file from {} KiB to {} KiB in {} ms", before / 1024, Files.size(file) / 1024,
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (SQLException | IOException e) {
            LOG.warn("Could not compact the database file {}: {}", file, e.getMessage());
        }
    }

    /** The embedded database's file, or null for PostgreSQL and in-memory H2. */
    private static Path h2File(DatabaseConfig config) {
        String prefix = "jdbc:h2:file:";
        if (!config.url().regionMatches(true, 0, prefix, 0, prefix.length())) {
            return null;
        }
        return Path.of(config.url().substring(prefix.length()).replaceAll(";.*", "") + ".mv.db");
    }

    /**
     * Why the pool could not open. An embedded file that exists but cannot be read (damaged by a
     * failing disk or a bad copy; H2 cannot say which part) is named, with the way back: the latest
     * {@code zvc-admin backup}, and any copy saved before an upgrade. The file itself is not touched.
     */
    static String cannotOpen(DatabaseConfig config, RuntimeException e) {
        String why = rootMessage(e).replaceAll("\\s*\\[\\d+-\\d+]$", "");
        Path file = h2File(config);
        if (file == null || !Files.isRegularFile(file) || h2ErrorCode(e) == H2_ALREADY_OPEN || h2ErrorCode(e) == H2_WRONG_PASSWORD) {
            return "Cannot connect to the database at " + redact(config.url()) + ": " + why;
        }
        var saved = new StringBuilder();
        try (var siblings = Files.list(file.getParent())) {
            siblings.filter(f -> f.getFileName().toString().matches(".*\\.before-v[0-9.]+\\.zip")).sorted()
                    .forEach(f -> saved.append(saved.isEmpty() ? "" : ", ").append(f));
        } catch (IOException ignored) {
            // only a hint
        }
        return "Cannot open the database file " + file + " (" + why + "). If it is damaged, restore the latest backup: "
                + "'zvc-admin restore BACKUP.zip' (from 'zvc-admin backup'; it keeps this file aside)"
                + (saved.isEmpty() ? "" : "; the database as it was before the last upgrade is in " + saved)
                + ". The file has been left as it is.";
    }

    private static final int H2_ALREADY_OPEN = 90020;
    private static final int H2_WRONG_PASSWORD = 28000;

    private static int h2ErrorCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() != 0) {
                return sql.getErrorCode();
            }
        }
        return 0;
    }

    /**
     * Brings the schema up to date. An embedded database that already has data and pending
     * migrations (an upgrade) is first saved with H2's online BACKUP next to itself, so an upgrade
     * whose migration fails leaves the old version's data recoverable. Returns that file, or null.
     */
    private static String migrate(DataSource ds, DatabaseConfig config) {
        var flyway = Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load();
        String saved = null;
        var info = flyway.info();
        if (config.isH2() && info.current() != null && info.pending().length > 0) {
            String file = config.url().substring("jdbc:h2:file:".length()).replaceAll(";.*", "")
                    + ".before-v" + info.pending()[0].getVersion() + ".zip";
            if (!file.contains("'")) {
                try (var c = ds.getConnection(); var st = c.createStatement()) {
                    st.execute("BACKUP TO '" + file + "'");
                    saved = file;
                    LOG.info("Saved the database before upgrading its schema: {}", file);
                } catch (java.sql.SQLException e) {
                    throw new StoreException("Cannot save the database before upgrading it: " + e.getMessage(), e);
                }
            }
        }
        try {
            flyway.migrate();
        } catch (RuntimeException e) {
            if (saved != null) {
                throw new StoreException(rootMessage(e) + " (saved copy: " + saved + ")", e);
            }
            throw e;
        }
        return saved;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public DatabaseConfig config() {
        return config;
    }

    /** Connections the pool holds, in use and idle ({@code zvc_db_connections} on {@code /metrics}). */
    public int pooledConnections() {
        var pool = dataSource.getHikariPoolMXBean();
        return pool == null ? 0 : pool.getTotalConnections();
    }

    /** True when a trivial query succeeds; used by the health check. */
    public boolean isHealthy() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    static OffsetDateTime toDb(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant fromDb(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    static String redact(String url) {
        return url.replaceAll("password=[^&;]*", "password=***");
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
