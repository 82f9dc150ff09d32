package com.zoomvconnect.cluster;

import java.time.Duration;
import java.util.Locale;

/**
 * Whether this appliance is one node of several, and how it takes part. Off by default: a single
 * site needs none of it.
 *
 * @param enabled       cluster mode ({@code cluster.enabled}); requires PostgreSQL for data
 * @param nodeId        this node's name, unique in the cluster ({@code cluster.node-id}; default the host name)
 * @param advertisedUrl the https:// base URL at which clients reach this node itself ({@code cluster.advertised-url});
 *                      blank: {@code server.public-url}, else {@code https://<server.host>:<port>}
 * @param backend       what carries events between nodes ({@code cluster.backend})
 * @param heartbeat     how often this node writes its heartbeat and load ({@code cluster.heartbeat})
 * @param nodeTimeout   a node whose last heartbeat is older than this is dead and loses its meetings ({@code cluster.node-timeout})
 * @param capacity      participants this node is sized for; placement fills nodes in proportion ({@code cluster.capacity})
 * @param redisUri      the Redis server of the {@link Backend#REDIS} bus ({@code cluster.redis.uri},
 *                      {@code redis://[[user]:password@]host[:port]} or {@code rediss://...}); blank for the PostgreSQL bus
 * @param cascadeThreshold participants on a webinar's hosting node from which its new attendees go to
 *                      another node, relayed from the host node ({@code cluster.cascade.threshold}); 0: never
 */
public record ClusterConfig(boolean enabled, String nodeId, String advertisedUrl, Backend backend, Duration heartbeat,
                            Duration nodeTimeout, int capacity, String redisUri, int cascadeThreshold) {
    /** A single site: no cluster. */
    public static final ClusterConfig DISABLED = new ClusterConfig(false, "", "", Backend.POSTGRES, Duration.ofSeconds(2),
            Duration.ofSeconds(10), 500, "", 0);

    /** The settings before cascading (no {@code cluster.cascade.threshold}). */
    public ClusterConfig(boolean enabled, String nodeId, String advertisedUrl, Backend backend, Duration heartbeat,
                         Duration nodeTimeout, int capacity, String redisUri) {
        this(enabled, nodeId, advertisedUrl, backend, heartbeat, nodeTimeout, capacity, redisUri, 0);
    }

    /** The engine that carries events between nodes. */
    public enum Backend {
        /** PostgreSQL LISTEN/NOTIFY on the database the nodes already share. */
        POSTGRES,
        /** Redis pub/sub on a Redis server the nodes share ({@code cluster.redis.uri}). */
        REDIS;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException for anything but {@code postgres} or {@code redis} */
        public static Backend of(String s) {
            return switch (s) {
                case "postgres" -> POSTGRES;
                case "redis" -> REDIS;
                default -> throw new IllegalArgumentException(s);
            };
        }
    }

    public ClusterConfig {
        if (enabled && (nodeId == null || !nodeId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"))) {
            throw new IllegalArgumentException("cluster.node-id must be 1-64 letters, digits, '.', '_' or '-' (got '" + nodeId + "')");
        }
        if (heartbeat.isNegative() || heartbeat.isZero() || nodeTimeout.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("cluster.node-timeout (" + nodeTimeout + ") must be at least twice cluster.heartbeat ("
                    + heartbeat + ")");
        }
        if (cascadeThreshold < 0) {
            throw new IllegalArgumentException("cluster.cascade.threshold must be 0 (off) or more (got " + cascadeThreshold + ")");
        }
        if (enabled && backend == Backend.REDIS) {
            RedisEventBus.parse(redisUri);
        }
    }

    /** The same settings for a node of another name and URL (tests start several nodes from one configuration). */
    public ClusterConfig asNode(String id, String url) {
        return new ClusterConfig(enabled, id, url, backend, heartbeat, nodeTimeout, capacity, redisUri, cascadeThreshold);
    }

    /** Cluster mode with the PostgreSQL backend and the given timing (tests). */
    public static ClusterConfig postgres(String nodeId, Duration heartbeat, Duration nodeTimeout) {
        return new ClusterConfig(true, nodeId, "", Backend.POSTGRES, heartbeat, nodeTimeout, 500, "");
    }

    /** Cluster mode with the Redis backend at {@code uri} and the given timing (tests). */
    public static ClusterConfig redis(String nodeId, String uri, Duration heartbeat, Duration nodeTimeout) {
        return new ClusterConfig(true, nodeId, "", Backend.REDIS, heartbeat, nodeTimeout, 500, uri);
    }
}
