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
        if (!config.isH2() && !config.isPostgres()) {
            throw new StoreException("Unsupported database URL (use jdbc:h2: or jdbc:postgresql:): " + config.url());
        }
        var hikari = new HikariConfig();
        hikari.setJdbcUrl(config.url());
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
        try {
            migrate(ds);
        } catch (RuntimeException e) {
            ds.close();
            throw new StoreException("Database migration failed: " + rootMessage(e), e);
        }
        return new Database(config, ds);
    }

    private static void migrate(DataSource ds) {
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load()
                .migrate();
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
