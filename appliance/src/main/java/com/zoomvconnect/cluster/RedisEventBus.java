package com.zoomvconnect.cluster;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The event bus of a cluster on Redis pub/sub (see {@link ClusterEventBus}): an event that crosses is
 * sent with {@code PUBLISH} on one channel, and every node's subscription delivers it on its
 * listening thread. Redis sends a message to every subscriber, the publisher's own included, in the
 * order it received them; pub/sub keeps nothing, so a node not subscribed at that moment misses it.
 *
 * <p>Two connections per node: one subscribed (a connection in subscribe mode can do nothing else),
 * pinged every {@link #PING_EVERY_MS} so a silently dead link is noticed within the socket timeout;
 * one for {@code PUBLISH}, opened again after a failure. Either reconnects by itself when Redis comes
 * back; nothing sent while it was away is replayed.
 *
 * <p>Threading: {@link #publish} from any thread (sends are serialised on one connection; they are
 * rare: meeting ended, updated, cancelled); one listener thread delivers remote events in order.
 */
public final class RedisEventBus extends ClusterEventBus {
    private static final Logger LOG = LoggerFactory.getLogger(RedisEventBus.class);
    static final String CHANNEL = "zvc_bus";
    static final int CONNECT_TIMEOUT_MS = 2_000;
    /** A subscribed link that hears nothing for this long (pongs included) is broken. */
    static final int SOCKET_TIMEOUT_MS = 15_000;
    static final long PING_EVERY_MS = 5_000;
    /** PUBLISH is answered at once; a publisher (a request's thread) waits no longer than this for a hung Redis. */
    static final int PUBLISH_TIMEOUT_MS = 2_000;
    /** Redis's port when the URI names none. */
    static final int DEFAULT_PORT = 6379;

    private final HostAndPort address;
    private final JedisClientConfig listenerConfig;
    private final JedisClientConfig publisherConfig;
    private final String where;
    private final Thread listener;
    private final Thread pinger;
    private final CountDownLatch firstAttempt = new CountDownLatch(1);
    private final Object sendLock = new Object();
    private volatile boolean running = true;
    private volatile Subscription subscription;
    private volatile Jedis link; // the listener's connection, cut at close if not yet subscribed
    private Jedis publisher; // guarded by sendLock
    private volatile String lastError = "";

    private RedisEventBus(URI uri, String nodeId, ClusterEvents events, BooleanSupplier insideTransaction) {
        super(nodeId, events, insideTransaction);
        this.address = new HostAndPort(uri.getHost(), uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort());
        this.where = redacted(uri);
        this.listenerConfig = clientConfig(uri, "zvc-bus-" + nodeId, SOCKET_TIMEOUT_MS);
        this.publisherConfig = clientConfig(uri, "zvc-bus-pub-" + nodeId, PUBLISH_TIMEOUT_MS);
        this.listener = new Thread(this::listen, "zvc-cluster-bus");
        this.listener.setDaemon(true);
        this.pinger = new Thread(this::ping, "zvc-cluster-bus-ping");
        this.pinger.setDaemon(true);
    }

    private static JedisClientConfig clientConfig(URI uri, String name, int socketTimeoutMs) {
        var config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MS)
                .socketTimeoutMillis(socketTimeoutMs)
                .clientName(name)
                .ssl(JedisURIHelper.isRedisSSLScheme(uri));
        String user = JedisURIHelper.getUser(uri);
        String password = JedisURIHelper.getPassword(uri);
        if (user != null) {
            config.user(user);
        }
        if (password != null) {
            config.password(password);
        }
        return config.build();
    }

    /**
     * Subscribes and returns once the subscription is in place, so nothing sent after the start is missed.
     * The first attempt decides: a Redis that refuses the connection or the password at start is a
     * configuration error to fix (systemd starts the node again), not an outage to wait out.
     *
     * @param uri {@code redis://[[user]:password@]host[:port]} or {@code rediss://...} for TLS
     * @throws IllegalArgumentException when the URI is not one of those
     * @throws IllegalStateException    when the first attempt fails, or Redis does not answer it within 10 seconds
     */
    public static RedisEventBus start(String uri, String nodeId, ClusterEvents events, BooleanSupplier insideTransaction) {
        var bus = new RedisEventBus(parse(uri), nodeId, events, insideTransaction);
        bus.listener.start();
        bus.pinger.start();
        try {
            boolean answered = bus.firstAttempt.await(10, TimeUnit.SECONDS);
            if (!bus.listening()) {
                String why = bus.lastError;
                bus.close();
                throw new IllegalStateException("Cannot subscribe on Redis at " + bus.where + " for the cluster bus"
                        + (answered ? "" : " within 10 s") + (why.isEmpty() ? "" : ": " + why));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            bus.close();
            throw new IllegalStateException("interrupted while starting the cluster bus", e);
        }
        return bus;
    }

    /**
     * Checks a {@code cluster.redis.uri}.
     *
     * @throws IllegalArgumentException naming what is wrong, without the password
     */
    public static URI parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("cluster.redis.uri is required when cluster.backend = redis "
                    + "(e.g. redis://redis.example.com:6379)");
        }
        URI u;
        try {
            u = new URI(uri.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cluster.redis.uri is not a URI (expected redis://host:port or rediss://host:port)");
        }
        if (!JedisURIHelper.isRedisScheme(u) && !JedisURIHelper.isRedisSSLScheme(u)) {
            throw new IllegalArgumentException("cluster.redis.uri = '" + redacted(u) + "' must start with redis:// or rediss://");
        }
        if (u.getHost() == null || u.getHost().isBlank()) {
            throw new IllegalArgumentException("cluster.redis.uri = '" + redacted(u) + "' names no host (expected redis://host:port)");
        }
        return u;
    }

    /** The URI as logs and errors show it: the password replaced. */
    static String redacted(URI u) {
        String info = u.getRawUserInfo();
        return info == null ? u.toString() : u.toString().replace(info + "@", (info.contains(":") ? info.substring(0, info.indexOf(':')) + ":***" : "***") + "@");
    }

    @Override
    protected void send(String envelope) {
        synchronized (sendLock) {
            try {
                if (publisher == null) {
                    publisher = new Jedis(address, publisherConfig);
                }
                publisher.publish(CHANNEL, envelope);
                sent.increment();
            } catch (JedisException e) {
                sendFailures.increment();
                LOG.warn("Could not send a cluster event to the other nodes over Redis at {}: {}", where, e.getMessage());
                closePublisher();
            }
        }
    }

    private void closePublisher() {
        if (publisher != null) {
            try {
                publisher.close();
            } catch (RuntimeException e) {
                // already broken
            }
            publisher = null;
        }
    }

    /** One subscription of the listener's; a new one per connection. */
    private final class Subscription extends JedisPubSub {
        volatile boolean up;

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            up = true;
            firstAttempt.countDown();
        }

        @Override
        public void onMessage(String channel, String message) {
            deliver(message);
        }
    }

    private void listen() {
        var backoff = new Backoff();
        while (running) {
            var s = new Subscription();
            try (Jedis j = new Jedis(address, listenerConfig)) {
                subscription = s;
                link = j;
                j.subscribe(s, CHANNEL); // returns when unsubscribed (close); throws when the link breaks
            } catch (JedisException e) {
                lastError = describe(e);
                firstAttempt.countDown();
                if (!running) {
                    return;
                }
                if (s.up) {
                    listenerOutages.increment();
                    backoff.reset();
                    LOG.warn("Cluster bus lost its Redis link at {} ({}); events sent meanwhile are missed; reconnecting",
                            where, lastError);
                }
                if (!backoff.pause()) {
                    return;
                }
            } finally {
                s.up = false;
            }
        }
    }

    /**
     * The exception's message and its root cause's: Jedis wraps "Connection refused" in "Failed to
     * connect to ...", as the cause or as a suppressed exception of each address it tried.
     */
    private static String describe(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root.getSuppressed().length > 0) {
            root = root.getSuppressed()[0];
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
        }
        return root == e || root.getMessage() == null || m.contains(root.getMessage()) ? m : m + " (" + root.getMessage() + ")";
    }

    /** Pings the subscribed link, so a link broken without a reset shows as a socket timeout. */
    private void ping() {
        while (running) {
            try {
                Thread.sleep(PING_EVERY_MS);
                Subscription s = subscription;
                if (s != null && s.up) {
                    s.ping();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the listener sees the broken link and reconnects
            }
        }
    }

    @Override
    public boolean listening() {
        Subscription s = subscription;
        return s != null && s.up;
    }

    @Override
    public void close() {
        running = false;
        Subscription s = subscription;
        try {
            if (s != null && s.up) {
                s.unsubscribe();
            } else if (link != null) {
                link.disconnect(); // still connecting or subscribing: the listener's read fails and it leaves
            }
        } catch (RuntimeException e) {
            // the link is broken: the listener is leaving already
        }
        pinger.interrupt();
        listener.interrupt(); // wakes it from a back-off sleep
        try {
            listener.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (sendLock) {
            closePublisher();
        }
    }
}
