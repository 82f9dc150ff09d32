package com.zoomvconnect.app;

import com.zoomvconnect.auth.AuthConfig;
import com.zoomvconnect.auth.RegistrationPolicy;
import com.zoomvconnect.cluster.ClusterConfig;
import com.zoomvconnect.media.turn.RelayPolicy;
import com.zoomvconnect.signal.SignalLimits;
import com.zoomvconnect.store.DatabaseConfig;
import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.helidon.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds {@link AppConfig} from, in order of precedence: environment variables {@code ZVC_*},
 * the YAML file ({@code --config}, else {@code /etc/zoomvconnect/zoomvconnect.yaml} if present),
 * and built-in defaults. Environment names map to keys by lower-casing, {@code __} to {@code -}
 * and {@code _} to {@code .}: {@code ZVC_DATABASE_URL} is {@code database.url}.
 */
public final class ConfigLoader {
    public static final Path DEFAULT_FILE = Path.of("/etc/zoomvconnect/zoomvconnect.yaml");
    private static final Pattern DURATION = Pattern.compile("^(\\d+)\\s*(ms|s|m|h|d)$");

    private ConfigLoader() {
    }

    /** Loads from an explicit file (may be null: then the default file if it exists) and an environment. */
    public static AppConfig load(Path file, Map<String, String> env) {
        return load(file, env, DEFAULT_FILE);
    }

    /** As {@link #load(Path, Map)}, with {@code defaultFile} read in place of {@link #DEFAULT_FILE} (tests). */
    static AppConfig load(Path file, Map<String, String> env, Path defaultFile) {
        Path chosen = file;
        if (chosen == null && env.containsKey("ZVC_CONFIG")) {
            chosen = Path.of(env.get("ZVC_CONFIG"));
        }
        if (chosen != null && !Files.isReadable(chosen)) {
            throw new BadConfigException("Configuration file " + chosen + " does not exist or is not readable");
        }
        if (chosen == null && Files.isReadable(defaultFile)) {
            chosen = defaultFile;
        }
        var builder = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .disableParserServices()
                .addParser(io.helidon.config.yaml.YamlConfigParser.create())
                .addSource(ConfigSources.create(envOverrides(env)));
        if (chosen != null) {
            builder.addSource(ConfigSources.file(chosen).optional(false));
        }
        Config config;
        try {
            config = builder.build();
            config.traverse().count();
        } catch (ConfigException e) {
            throw new BadConfigException("Cannot read configuration " + (chosen == null ? "" : chosen + ": ")
                    + firstLine(e));
        }
        return toAppConfig(new Reader(config), chosen == null ? "built-in defaults" : chosen.toString());
    }

    static Map<String, String> envOverrides(Map<String, String> env) {
        var map = new HashMap<String, String>();
        env.forEach((k, v) -> {
            if (k.startsWith("ZVC_") && !k.equals("ZVC_CONFIG")) {
                String key = k.substring(4).toLowerCase(Locale.ROOT).replace("__", "\u0000").replace('_', '.').replace('\u0000', '-');
                map.put(key, v);
            }
        });
        return map;
    }

    private static AppConfig toAppConfig(Reader r, String source) {
        Path dataDir = Path.of(r.string("data.dir", "./data")).toAbsolutePath().normalize();
        var server = new AppConfig.Server(
                r.string("server.host", "0.0.0.0"),
                r.port("server.port", 8443, false),
                r.port("server.redirect.port", 8080, true),
                r.url("server.public.url"),
                r.duration("server.shutdown.grace", Duration.ofSeconds(10)));
        Optional<AppConfig.TlsFiles> tls = Optional.empty();
        String cert = r.string("tls.cert", "");
        String key = r.string("tls.key", "");
        if (cert.isBlank() != key.isBlank()) {
            throw new BadConfigException("tls.cert and tls.key must be set together (or neither, for a generated self-signed certificate)");
        }
        if (!cert.isBlank()) {
            tls = Optional.of(new AppConfig.TlsFiles(Path.of(cert), Path.of(key)));
        }
        String url = r.string("database.url", "");
        if (!url.isBlank() && !url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new BadConfigException("database.url must start with jdbc:postgresql: or jdbc:h2: (got '" + url + "')");
        }
        var defaultsDb = DatabaseConfig.embedded(dataDir);
        var database = new DatabaseConfig(url.isBlank() ? defaultsDb.url() : url, r.string("database.user", ""),
                r.string("database.password", ""), r.intRange("database.pool.size", 10, 1, 200));
        var d = AuthConfig.defaults();
        var auth = new AuthConfig(
                r.duration("auth.access.ttl", d.accessTokenTtl()),
                r.duration("auth.refresh.ttl", d.refreshTokenTtl()),
                r.duration("auth.join.ttl", d.joinTokenTtl()),
                r.intRange("auth.login.max-failures", d.maxFailuresPerAccount(), 1, 1000),
                r.intRange("auth.login.max-failures-per-client", d.maxFailuresPerClient(), 1, 100000),
                r.duration("auth.login.window", d.failureWindow()),
                d.password(),
                registration(r, d.registration()));
        var media = new AppConfig.Media(r.port("media.port", 10000, false), r.list("media.announced.addresses"),
                r.duration("media.consent.timeout", Duration.ofSeconds(30)), r.intRange("media.lastn", 25, 0, 1000),
                r.intRange("media.audio.lastn", 0, 0, 1000), r.intRange("media.workers", 0, 0, 1024),
                trueOrFalse(r, "media.sendbatch", AppConfig.Media.DEFAULT_SEND_BATCH));
        String transcription = r.string("recording.transcription", "auto");
        if (!List.of("auto", "vosk", "pocketsphinx", "off").contains(transcription)) {
            throw new BadConfigException("recording.transcription must be auto, vosk, pocketsphinx or off (got '" + transcription + "')");
        }
        String compose = r.string("recording.compose", "true");
        if (!compose.equals("true") && !compose.equals("false")) {
            throw new BadConfigException("recording.compose must be true or false (got '" + compose + "')");
        }
        String layout = r.string("recording.layout", "speaker");
        if (!layout.equals("speaker") && !layout.equals("grid")) {
            throw new BadConfigException("recording.layout must be speaker or grid (got '" + layout + "')");
        }
        var recording = new AppConfig.Recording(r.intRange("recording.min.free.mb", 2048, 0, 10_000_000),
                r.intRange("recording.quota.gb", 0, 0, 1_000_000), r.intRange("recording.retention.days", 0, 0, 36_500),
                transcription, Boolean.parseBoolean(compose), layout);
        var sd = SignalLimits.DEFAULTS;
        var signaling = new SignalLimits(r.intRange("signal.chat.rate", sd.chatPerSecond(), 1, 1_000_000),
                r.intRange("signal.chat.burst", sd.chatBurst(), 1, 1_000_000),
                r.intRange("signal.toggles.rate", sd.togglesPerSecond(), 1, 1_000_000),
                r.intRange("signal.toggles.burst", sd.togglesBurst(), 1, 1_000_000),
                r.intRange("signal.max.sockets", sd.maxSockets(), 1, 10_000_000),
                java.time.Duration.ofSeconds(r.intRange("signal.join.timeout.seconds", (int) sd.joinTimeout().toSeconds(), 1, 3600)));
        return new AppConfig(dataDir, server, tls, database, auth, media, source, recording, signaling, turn(r),
                r.intRange("meeting.max-participants", 0, 0, 100_000), cluster(r));
    }

    /** A key that must be {@code true} or {@code false}. */
    private static boolean trueOrFalse(Reader r, String key, boolean fallback) {
        String v = r.string(key, Boolean.toString(fallback));
        if (!v.equals("true") && !v.equals("false")) {
            throw new BadConfigException("Invalid configuration: " + key + " = '" + v + "' (expected true or false)");
        }
        return Boolean.parseBoolean(v);
    }

    /** The {@code cluster} section; read only when {@code cluster.enabled} is true. */
    private static ClusterConfig cluster(Reader r) {
        String enabled = r.string("cluster.enabled", "false");
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new BadConfigException("Invalid configuration: cluster.enabled = '" + enabled + "' (expected true or false)");
        }
        if (!Boolean.parseBoolean(enabled)) {
            return ClusterConfig.DISABLED;
        }
        var d = ClusterConfig.DISABLED;
        String backend = r.string("cluster.backend", d.backend().wire());
        ClusterConfig.Backend b;
        try {
            b = ClusterConfig.Backend.of(backend);
        } catch (IllegalArgumentException e) {
            throw new BadConfigException("Invalid configuration: cluster.backend = '" + backend + "' (expected postgres or redis)");
        }
        try {
            return new ClusterConfig(true, r.string("cluster.node-id", hostName()), r.url("cluster.advertised-url"), b,
                    r.duration("cluster.heartbeat", d.heartbeat()), r.duration("cluster.node-timeout", d.nodeTimeout()),
                    r.intRange("cluster.capacity", d.capacity(), 1, 1_000_000),
                    b == ClusterConfig.Backend.REDIS ? r.string("cluster.redis.uri", "") : "",
                    r.intRange("cluster.cascade.threshold", d.cascadeThreshold(), 0, 1_000_000));
        } catch (IllegalArgumentException e) {
            throw new BadConfigException("Invalid configuration: " + e.getMessage());
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** The {@code turn} section; the secret, when given, must carry at least 128 bits. */
    private static AppConfig.Turn turn(Reader r) {
        var d = AppConfig.Turn.DEFAULTS;
        String enabled = r.string("turn.enabled", "true");
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new BadConfigException("Invalid configuration: turn.enabled = '" + enabled + "' (expected true or false)");
        }
        String secret = r.string("turn.secret", "");
        if (!secret.isEmpty() && secret.length() < 16) {
            throw new BadConfigException("Invalid configuration: turn.secret (expected at least 16 characters, or none for a generated one)");
        }
        List<String> allowed = r.list("turn.relay.allowed");
        for (String a : allowed) {
            try {
                RelayPolicy.Range.parse(a);
            } catch (IllegalArgumentException e) {
                throw new BadConfigException("Invalid configuration: turn.relay.allowed = '" + a + "' (expected addresses or CIDR ranges)");
            }
        }
        return new AppConfig.Turn(Boolean.parseBoolean(enabled), r.port("turn.port", d.port(), false),
                r.string("turn.realm", d.realm()), secret, r.duration("turn.credential.lifetime", d.credentialLifetime()),
                r.string("turn.relay.address", ""), allowed);
    }

    /** {@code auth.registration.policy} and, for {@code domains}, {@code auth.registration.domains}. */
    private static RegistrationPolicy registration(Reader r, RegistrationPolicy fallback) {
        String policy = r.string("auth.registration.policy", fallback.mode().wire());
        RegistrationPolicy.Mode mode;
        try {
            mode = RegistrationPolicy.Mode.of(policy);
        } catch (IllegalArgumentException e) {
            throw new BadConfigException("Invalid configuration: auth.registration.policy = '" + policy + "' (expected open, closed or domains)");
        }
        // Domains left in the file while the policy is open or closed are kept for later, not an error.
        List<String> domains = mode == RegistrationPolicy.Mode.DOMAINS ? r.list("auth.registration.domains") : List.of();
        try {
            return RegistrationPolicy.of(mode, domains);
        } catch (IllegalArgumentException e) {
            throw new BadConfigException("Invalid configuration: auth.registration.domains = '" + String.join(",", domains)
                    + "' (" + e.getMessage().replaceFirst("^must ", "expected to ") + ")");
        }
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Typed, validated access to keys; every failure names the key and the expected form. */
    private record Reader(Config config) {
        String string(String key, String fallback) {
            Config node = config.get(key);
            if (!node.exists()) {
                return fallback;
            }
            if (!node.isLeaf()) {
                throw bad(key, "<section>", "a single value");
            }
            return node.asString().get().trim();
        }

        int intRange(String key, int fallback, int min, int max) {
            String v = string(key, null);
            if (v == null) {
                return fallback;
            }
            try {
                int i = Integer.parseInt(v);
                if (i < min || i > max) {
                    throw bad(key, v, "a number from " + min + " to " + max);
                }
                return i;
            } catch (NumberFormatException e) {
                throw bad(key, v, "a number from " + min + " to " + max);
            }
        }

        int port(String key, int fallback, boolean allowDisabled) {
            String v = string(key, null);
            if (v == null) {
                return fallback;
            }
            String expected = allowDisabled ? "a port number 0-65535, or -1 to disable" : "a port number 0-65535";
            try {
                int p = Integer.parseInt(v);
                if (p > 65535 || p < (allowDisabled ? -1 : 0)) {
                    throw bad(key, v, expected);
                }
                return p;
            } catch (NumberFormatException e) {
                throw bad(key, v, expected);
            }
        }

        Duration duration(String key, Duration fallback) {
            String v = string(key, null);
            if (v == null) {
                return fallback;
            }
            Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
            try {
                Duration d;
                if (m.matches()) {
                    long n = Long.parseLong(m.group(1));
                    d = switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    };
                } else {
                    d = Duration.parse(v.toUpperCase(Locale.ROOT));
                }
                if (d.isNegative() || d.isZero()) {
                    throw bad(key, v, "a positive duration such as 15m, 30d or PT15M");
                }
                return d;
            } catch (RuntimeException e) {
                if (e instanceof BadConfigException ce) {
                    throw ce;
                }
                throw bad(key, v, "a duration such as 90s, 15m, 12h, 30d or PT15M");
            }
        }

        String url(String key) {
            String v = string(key, "");
            if (!v.isEmpty() && !v.matches("^https://[^\\s/]+(/.*)?$")) {
                throw bad(key, v, "an https:// URL such as https://meet.example.com");
            }
            return v;
        }

        List<String> list(String key) {
            Config node = config.get(key);
            if (!node.exists()) {
                return List.of();
            }
            if (node.isLeaf()) {
                return Arrays.stream(node.asString().get().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            }
            return node.asList(String.class).get().stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        }

        private static BadConfigException bad(String key, String value, String expected) {
            return new BadConfigException("Invalid configuration: " + key + " = '" + value + "' (expected " + expected + ")");
        }
    }
}
