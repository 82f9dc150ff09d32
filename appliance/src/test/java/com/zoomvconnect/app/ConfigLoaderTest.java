package com.zoomvconnect.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.auth.RegistrationPolicy;
import com.zoomvconnect.cluster.ClusterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsWithoutFileOrEnvironment() {
        // not /etc/zoomvconnect/zoomvconnect.yaml: an installed package's file would be read
        AppConfig c = ConfigLoader.load(null, Map.of(), dir.resolve("absent.yaml"));
        assertEquals(8443, c.server().httpsPort());
        assertEquals(8080, c.server().redirectPort());
        assertEquals(Path.of("./data").toAbsolutePath().normalize(), c.dataDir());
        assertTrue(c.database().isH2());
        assertTrue(c.database().url().contains(c.dataDir().resolve("db").toString()));
        assertEquals(Duration.ofMinutes(15), c.auth().accessTokenTtl());
        assertEquals(10000, c.media().port());
        assertEquals(0, c.media().workers(), "one media worker per core");
        assertTrue(c.tls().isEmpty());
    }

    @Test
    void theDefaultFileIsReadWhenNoneIsGivenAndAGivenFileWinsOverIt() throws Exception {
        Path installed = dir.resolve("installed.yaml");
        Files.writeString(installed, "server:\n  port: 443\n");
        assertEquals(443, ConfigLoader.load(null, Map.of(), installed).server().httpsPort());
        Path given = dir.resolve("given.yaml");
        Files.writeString(given, "server:\n  port: 9443\n");
        assertEquals(9443, ConfigLoader.load(given, Map.of(), installed).server().httpsPort());
        assertEquals(9443, ConfigLoader.load(null, Map.of("ZVC_CONFIG", given.toString()), installed).server().httpsPort());
    }

    @Test
    void readsYamlAndEnvironmentOverridesIt() throws Exception {
        Path file = dir.resolve("zvc.yaml");
        Files.writeString(file, """
                data:
                  dir: %s
                server:
                  port: 9443
                  redirect:
                    port: -1
                  public:
                    url: https://meet.example.com
                database:
                  url: jdbc:postgresql://db.example.com/zvc
                  user: zvc
                  password: from-file
                auth:
                  access:
                    ttl: 5m
                media:
                  announced:
                    addresses: [203.0.113.7, meet.example.com]
                """.formatted(dir.resolve("data")));
        AppConfig c = ConfigLoader.load(file, Map.of("ZVC_DATABASE_PASSWORD", "from-env", "ZVC_SERVER_PORT", "10443"));
        assertEquals(10443, c.server().httpsPort(), "environment wins over the file");
        assertEquals(-1, c.server().redirectPort());
        assertEquals("https://meet.example.com", c.server().publicUrl());
        assertEquals("from-env", c.database().password());
        assertEquals("zvc", c.database().user());
        assertTrue(c.database().isPostgres());
        assertEquals(Duration.ofMinutes(5), c.auth().accessTokenTtl());
        assertEquals(List.of("203.0.113.7", "meet.example.com"), c.media().announcedAddresses());
        assertEquals(dir.resolve("data"), c.dataDir());
    }

    @Test
    void environmentNamesMapToKeys() {
        assertEquals(Map.of("database.url", "x", "auth.login.max-failures", "3"),
                ConfigLoader.envOverrides(Map.of("ZVC_DATABASE_URL", "x", "ZVC_AUTH_LOGIN_MAX__FAILURES", "3", "PATH", "/bin")));
        AppConfig c = ConfigLoader.load(null, Map.of("ZVC_MEDIA_ANNOUNCED_ADDRESSES", "10.0.0.5, 192.0.2.1"));
        assertEquals(List.of("10.0.0.5", "192.0.2.1"), c.media().announcedAddresses());
        assertEquals(3, ConfigLoader.load(null, Map.of("ZVC_MEDIA_WORKERS", "3")).media().workers());
        assertTrue(assertThrows(BadConfigException.class, () -> ConfigLoader.load(null, Map.of("ZVC_MEDIA_WORKERS", "-1")))
                .getMessage().contains("media.workers"));
        assertTrue(ConfigLoader.load(null, Map.of()).media().sendBatch(), "batched sends unless turned off");
        assertFalse(ConfigLoader.load(null, Map.of("ZVC_MEDIA_SENDBATCH", "false")).media().sendBatch());
        assertTrue(assertThrows(BadConfigException.class, () -> ConfigLoader.load(null, Map.of("ZVC_MEDIA_SENDBATCH", "yes")))
                .getMessage().contains("media.sendbatch"));
    }

    @Test
    void badValuesGiveOneClearLine() {
        var e = assertThrows(BadConfigException.class, () -> ConfigLoader.load(null, Map.of("ZVC_SERVER_PORT", "eighty")));
        assertEquals("Invalid configuration: server.port = 'eighty' (expected a port number 0-65535)", e.getMessage());
        assertThrows(BadConfigException.class, () -> ConfigLoader.load(null, Map.of("ZVC_SERVER_PORT", "70000")));
        assertTrue(assertThrows(BadConfigException.class, () -> ConfigLoader.load(null, Map.of("ZVC_AUTH_ACCESS_TTL", "soon")))
                .getMessage().contains("auth.access.ttl"));
        assertTrue(assertThrows(BadConfigException.class, () -> ConfigLoader.load(null, Map.of("ZVC_DATABASE_URL", "mysql://x")))
                .getMessage().contains("database.url"));
        assertTrue(assertThrows(BadConfigException.class, () -> ConfigLoader.load(null, Map.of("ZVC_TLS_CERT", "/x.pem")))
                .getMessage().contains("tls.key"));
        assertTrue(assertThrows(BadConfigException.class, () -> ConfigLoader.load(null, Map.of("ZVC_SERVER_PUBLIC_URL", "ftp://x")))
                .getMessage().contains("server.public.url"));
    }

    @Test
    void missingOrBrokenFileIsReported() throws Exception {
        var missing = assertThrows(BadConfigException.class, () -> ConfigLoader.load(dir.resolve("nope.yaml"), Map.of()));
        assertTrue(missing.getMessage().contains("nope.yaml"));
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "server: [unclosed\n  port: : :\n");
        var e = assertThrows(BadConfigException.class, () -> ConfigLoader.load(broken, Map.of()));
        assertTrue(e.getMessage().contains("broken.yaml"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void registrationIsClosedUnlessConfiguredOtherwise() throws Exception {
        assertEquals(RegistrationPolicy.CLOSED, ConfigLoader.load(null, Map.of()).auth().registration());
        assertEquals(RegistrationPolicy.OPEN,
                ConfigLoader.load(null, Map.of("ZVC_AUTH_REGISTRATION_POLICY", "open")).auth().registration());
        var domains = ConfigLoader.load(null, Map.of("ZVC_AUTH_REGISTRATION_POLICY", "domains",
                "ZVC_AUTH_REGISTRATION_DOMAINS", "Example.com, @corp.example.org")).auth().registration();
        assertEquals(RegistrationPolicy.Mode.DOMAINS, domains.mode());
        assertEquals(List.of("example.com", "corp.example.org"), domains.domains());
        Path file = dir.resolve("reg.yaml");
        Files.writeString(file, """
                auth:
                  registration:
                    policy: domains
                    domains: [example.net]
                """);
        assertEquals(List.of("example.net"), ConfigLoader.load(file, Map.of()).auth().registration().domains());
        assertEquals(RegistrationPolicy.CLOSED, ConfigLoader.load(file, Map.of("ZVC_AUTH_REGISTRATION_POLICY", "closed"))
                .auth().registration(), "domains left beside another policy are ignored");

        assertEquals("Invalid configuration: auth.registration.policy = 'sometimes' (expected open, closed or domains)",
                assertThrows(BadConfigException.class, () -> ConfigLoader.load(null, Map.of("ZVC_AUTH_REGISTRATION_POLICY", "sometimes")))
                        .getMessage());
        assertTrue(assertThrows(BadConfigException.class, () -> ConfigLoader.load(null, Map.of("ZVC_AUTH_REGISTRATION_POLICY", "domains")))
                .getMessage().startsWith("Invalid configuration: auth.registration.domains = ''"));
        assertTrue(assertThrows(BadConfigException.class, () -> ConfigLoader.load(null, Map.of("ZVC_AUTH_REGISTRATION_POLICY", "domains",
                "ZVC_AUTH_REGISTRATION_DOMAINS", "not a domain"))).getMessage().contains("not a domain"));
    }

    @Test
    void thePackagedConfigurationKeepsRegistrationClosed() {
        Path packaged = Path.of("..", "packaging", "src", "common", "etc", "zoomvconnect.yaml");
        assertTrue(Files.isReadable(packaged), packaged.toAbsolutePath() + " (tests run in the appliance module)");
        assertEquals(RegistrationPolicy.CLOSED, ConfigLoader.load(packaged, Map.of()).auth().registration());
    }

    @Test
    void turnRunsByDefaultOnItsStandardPortWithAGeneratedSecret() {
        AppConfig.Turn t = ConfigLoader.load(null, Map.of()).turn();
        assertTrue(t.enabled());
        assertEquals(3478, t.port());
        assertEquals("", t.secret(), "generated in the data directory");
        assertEquals(Duration.ofHours(12), t.credentialLifetime());
        assertTrue(t.relayAllowed().isEmpty(), "the SFU's own addresses");
    }

    @Test
    void turnSectionIsReadAndValidated() {
        AppConfig.Turn t = ConfigLoader.load(null, Map.of("ZVC_TURN_PORT", "3479", "ZVC_TURN_ENABLED", "false",
                "ZVC_TURN_CREDENTIAL_LIFETIME", "2h", "ZVC_TURN_RELAY_ALLOWED", "203.0.113.7, 10.0.0.0/8")).turn();
        assertFalse(t.enabled());
        assertEquals(3479, t.port());
        assertEquals(Duration.ofHours(2), t.credentialLifetime());
        assertEquals(List.of("203.0.113.7", "10.0.0.0/8"), t.relayAllowed());
        var shortSecret = assertThrows(BadConfigException.class, () -> ConfigLoader.load(null, Map.of("ZVC_TURN_SECRET", "short")));
        assertTrue(shortSecret.getMessage().contains("turn.secret"), shortSecret.getMessage());
        assertFalse(shortSecret.getMessage().contains("short'"), "the secret is not echoed");
        var badRange = assertThrows(BadConfigException.class, () -> ConfigLoader.load(null, Map.of("ZVC_TURN_RELAY_ALLOWED", "example.com")));
        assertTrue(badRange.getMessage().contains("turn.relay.allowed"), badRange.getMessage());
    }

    @Test
    void clusterIsOffByDefaultAndNeedsPostgresql() {
        assertFalse(ConfigLoader.load(null, Map.of()).cluster().enabled());
        var onH2 = assertThrows(BadConfigException.class, () -> ConfigLoader.load(null, Map.of("ZVC_CLUSTER_ENABLED", "true",
                "ZVC_CLUSTER_NODE__ID", "node-1")));
        assertTrue(onH2.getMessage().startsWith("cluster.enabled needs PostgreSQL for data"), onH2.getMessage());
        var pg = Map.of("ZVC_DATABASE_URL", "jdbc:postgresql://db.example.com/zvc", "ZVC_CLUSTER_ENABLED", "true",
                "ZVC_CLUSTER_NODE__ID", "node-1", "ZVC_CLUSTER_ADVERTISED__URL", "https://node1.meet.example.com",
                "ZVC_CLUSTER_HEARTBEAT", "1s", "ZVC_CLUSTER_NODE__TIMEOUT", "5s", "ZVC_CLUSTER_CAPACITY", "300");
        ClusterConfig c = ConfigLoader.load(null, pg).cluster();
        assertEquals(new ClusterConfig(true, "node-1", "https://node1.meet.example.com", ClusterConfig.Backend.POSTGRES,
                Duration.ofSeconds(1), Duration.ofSeconds(5), 300, ""), c);
        var badBackend = new java.util.HashMap<>(pg);
        badBackend.put("ZVC_CLUSTER_BACKEND", "kafka");
        assertTrue(assertThrows(BadConfigException.class, () -> ConfigLoader.load(null, badBackend)).getMessage()
                .contains("cluster.backend = 'kafka' (expected postgres or redis)"));
        var tooShort = new java.util.HashMap<>(pg);
        tooShort.put("ZVC_CLUSTER_NODE__TIMEOUT", "1s");
        assertTrue(assertThrows(BadConfigException.class, () -> ConfigLoader.load(null, tooShort)).getMessage()
                .contains("cluster.node-timeout"));
        var badId = new java.util.HashMap<>(pg);
        badId.put("ZVC_CLUSTER_NODE__ID", "node 1");
        assertTrue(assertThrows(BadConfigException.class, () -> ConfigLoader.load(null, badId)).getMessage()
                .contains("cluster.node-id"));
    }

    @Test
    void cascadingIsOffUnlessAThresholdIsSet() {
        var pg = new java.util.HashMap<>(Map.of("ZVC_DATABASE_URL", "jdbc:postgresql://db.example.com/zvc",
                "ZVC_CLUSTER_ENABLED", "true", "ZVC_CLUSTER_NODE__ID", "node-1"));
        assertEquals(0, ConfigLoader.load(null, pg).cluster().cascadeThreshold());
        pg.put("ZVC_CLUSTER_CASCADE_THRESHOLD", "400");
        assertEquals(400, ConfigLoader.load(null, pg).cluster().cascadeThreshold());
        pg.put("ZVC_CLUSTER_CASCADE_THRESHOLD", "-1");
        assertTrue(assertThrows(BadConfigException.class, () -> ConfigLoader.load(null, pg)).getMessage()
                .contains("cluster.cascade.threshold"));
    }

    @Test
    void theRedisBusNeedsARedisUri() {
        var redis = new java.util.HashMap<>(Map.of("ZVC_DATABASE_URL", "jdbc:postgresql://db.example.com/zvc",
                "ZVC_CLUSTER_ENABLED", "true", "ZVC_CLUSTER_NODE__ID", "node-1", "ZVC_CLUSTER_BACKEND", "redis"));
        var missing = assertThrows(BadConfigException.class, () -> ConfigLoader.load(null, redis));
        assertTrue(missing.getMessage().contains("cluster.redis.uri is required when cluster.backend = redis"), missing.getMessage());
        redis.put("ZVC_CLUSTER_REDIS_URI", "http://:s3cret@redis.example.com:6379");
        var scheme = assertThrows(BadConfigException.class, () -> ConfigLoader.load(null, redis));
        assertTrue(scheme.getMessage().contains("must start with redis:// or rediss://"), scheme.getMessage());
        assertFalse(scheme.getMessage().contains("s3cret"), "the password stays out of errors: " + scheme.getMessage());
        redis.put("ZVC_CLUSTER_REDIS_URI", "redis:///0");
        assertTrue(assertThrows(BadConfigException.class, () -> ConfigLoader.load(null, redis)).getMessage().contains("names no host"));
        redis.put("ZVC_CLUSTER_REDIS_URI", "rediss://:s3cret@redis.example.com:6380");
        ClusterConfig c = ConfigLoader.load(null, redis).cluster();
        assertEquals(ClusterConfig.Backend.REDIS, c.backend());
        assertEquals("rediss://:s3cret@redis.example.com:6380", c.redisUri());
    }
}
