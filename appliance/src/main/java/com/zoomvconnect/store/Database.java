package com.zoomvconnect.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/** The connection pool, schema migrations and the {@link Jdbi} handle every DAO shares. */
public final class Database implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Database.class);
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final DatabaseConfig config;

    private Database(DatabaseConfig config, HikariDataSource dataSource) {
        this.config = config;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(config.isH2() ? new SerializedCommits().wrap(dataSource) : dataSource);
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
        var hikari = new HikariConfig();
        hikari.setJdbcUrl(config.isH2() ? durableH2Url(config.url()) : config.url());
        if (!config.user().isBlank()) {
            hikari.setUsername(config.user());
        }
        if (!config.password().isBlank()) {
            hikari.setPassword(config.password());
        }
        hikari.setMaximumPoolSize(Math.max(1, config.poolSize()));
        hikari.setPoolName("zvc-db");
        hikari.setInitializationFailTimeout(10_000);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StoreException("Cannot connect to the database at " + redact(config.url()) + ": " + rootMessage(e), e);
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
     * The H2 URL with {@code WRITE_DELAY=0}, whatever the configured URL says. H2's default (500 ms)
     * leaves committed transactions in memory until a background thread writes them, so a process
     * killed in that window loses writes the API already answered 2xx for. With 0, H2 2.x writes
     * the store to its file at every commit ({@code TransactionStore.endTransaction} calls
     * {@code MVStore.commit()}) before the commit returns: the data is in the operating system's
     * page cache and survives the process being killed (with {@link SerializedCommits}, which
     * closes a race between concurrent commits). H2 does not fsync at commit, so a power loss can
     * still take the last writes (docs/operations.md says so).
     */
    static String durableH2Url(String url) {
        return url.replaceAll("(?i);WRITE_DELAY=[^;]*", "") + ";WRITE_DELAY=0";
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
