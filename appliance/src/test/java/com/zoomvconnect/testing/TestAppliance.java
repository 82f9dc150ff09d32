package com.zoomvconnect.testing;

import com.zoomvconnect.app.AppConfig;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.auth.AuthConfig;
import com.zoomvconnect.auth.PasswordHasher;
import com.zoomvconnect.auth.RegistrationPolicy;
import com.zoomvconnect.cluster.ClusterConfig;
import com.zoomvconnect.signal.SignalLimits;
import com.zoomvconnect.store.DatabaseConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Starts a real appliance on free ports with a temporary data dir and the given database. */
public final class TestAppliance {
    /** Argon2id with small cost so suites stay fast; the algorithm and code path are the production ones. */
    public static final PasswordHasher.Params FAST_HASH = new PasswordHasher.Params(1024, 1, 1);

    private TestAppliance() {
    }

    /** Embedded H2 in a fresh temp dir. */
    public static Appliance startH2() {
        Path dir = tempDir();
        return start(dir, DatabaseConfig.embedded(dir));
    }

    /** A fresh database on the shared test PostgreSQL. */
    public static Appliance startPostgres() {
        return start(tempDir(), PostgresServer.shared().newDatabase());
    }

    public static Appliance start(Path dataDir, DatabaseConfig db) {
        return Appliance.start(config(dataDir, db));
    }

    /** Embedded H2 with a short ICE consent timeout, for tests of vanished peers. */
    public static Appliance startH2WithConsentTimeout(Duration consent) {
        Path dir = tempDir();
        AppConfig c = config(dir, DatabaseConfig.embedded(dir));
        return Appliance.start(new AppConfig(c.dataDir(), c.server(), c.tls(), c.database(), c.auth(),
                new AppConfig.Media(0, List.of(), consent, 25, 0), c.source()));
    }

    /**
     * Embedded H2, listening on all interfaces so the SFU announces the machine's interface
     * addresses (Firefox does not pair with loopback candidates).
     */
    public static Appliance startH2OnAllInterfaces() {
        Path dir = tempDir();
        AppConfig c = config(dir, DatabaseConfig.embedded(dir));
        return Appliance.start(new AppConfig(c.dataDir(), new AppConfig.Server("0.0.0.0", 0, 0, "", Duration.ofSeconds(2)),
                c.tls(), c.database(), c.auth(), c.media(), c.source()));
    }

    /** Embedded H2 with other per-participant limits on the signaling socket. */
    public static Appliance startH2WithSignalLimits(SignalLimits limits) {
        Path dir = tempDir();
        AppConfig c = config(dir, DatabaseConfig.embedded(dir));
        return Appliance.start(new AppConfig(c.dataDir(), c.server(), c.tls(), c.database(), c.auth(), c.media(), c.source(),
                c.recording(), limits));
    }

    /** Embedded H2 with {@code meeting.max-participants} set. */
    public static Appliance startH2WithMaxParticipants(int max) {
        Path dir = tempDir();
        AppConfig c = config(dir, DatabaseConfig.embedded(dir));
        return Appliance.start(new AppConfig(c.dataDir(), c.server(), c.tls(), c.database(), c.auth(), c.media(), c.source(),
                c.recording(), c.signaling(), c.turn(), max));
    }

    /** Embedded H2 whose SFU forwards camera video of at most {@code lastN} participants to each subscriber. */
    public static Appliance startH2WithLastN(int lastN) {
        return startH2WithLastN(lastN, 0);
    }

    /** As {@link #startH2WithLastN(int)}, forwarding only the {@code audioLastN} loudest microphones. */
    public static Appliance startH2WithLastN(int lastN, int audioLastN) {
        Path dir = tempDir();
        AppConfig c = config(dir, DatabaseConfig.embedded(dir));
        return Appliance.start(new AppConfig(c.dataDir(), c.server(), c.tls(), c.database(), c.auth(),
                new AppConfig.Media(0, List.of(), Duration.ofSeconds(30), lastN, audioLastN), c.source()));
    }

    /**
     * A node of a cluster on {@code db} (PostgreSQL) with fast heartbeats; its secrets (token key)
     * are copied from {@code sameSecretsAs}'s data directory when given, as an admin sets up nodes.
     */
    public static Appliance startClusterNode(DatabaseConfig db, String nodeId, Duration heartbeat, Duration nodeTimeout,
                                             Appliance sameSecretsAs) {
        return startClusterNode(db, ClusterConfig.postgres(nodeId, heartbeat, nodeTimeout), sameSecretsAs);
    }

    /** A node of a cluster configured by {@code cluster} (e.g. on the Redis bus), sharing {@code sameSecretsAs}'s token key. */
    public static Appliance startClusterNode(DatabaseConfig db, ClusterConfig cluster, Appliance sameSecretsAs) {
        Path dir = tempDir();
        if (sameSecretsAs != null) {
            try {
                Path secrets = Files.createDirectories(dir.resolve("secrets"));
                Files.copy(sameSecretsAs.config().dataDir().resolve("secrets").resolve("token.key"), secrets.resolve("token.key"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Appliance.start(config(dir, db).withCluster(cluster));
    }

    /** Test settings; registration is open (production's default is closed) so suites sign up whom they need. */
    /** Stores {@code values} in the appliance's settings table, as {@code zvc-admin sso set} and the dashboard do. */
    public static void putSettings(Appliance appliance, java.util.Map<String, String> values) {
        var settings = new com.zoomvconnect.store.SettingsDao();
        appliance.database().jdbi().useHandle(h -> values.forEach((k, v) -> settings.put(h, k, v, java.time.Instant.now())));
    }

    public static AppConfig config(Path dataDir, DatabaseConfig db) {
        var auth = new AuthConfig(Duration.ofMinutes(15), Duration.ofDays(30), Duration.ofMinutes(2),
                5, 100_000, Duration.ofMinutes(15), FAST_HASH, RegistrationPolicy.OPEN);
        return new AppConfig(dataDir, new AppConfig.Server("127.0.0.1", 0, 0, "", Duration.ofSeconds(2)),
                Optional.empty(), db, auth, new AppConfig.Media(0, List.of(), Duration.ofSeconds(30), 25, 0), "test");
    }

    public static Path tempDir() {
        try {
            return Files.createTempDirectory("zvc-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
