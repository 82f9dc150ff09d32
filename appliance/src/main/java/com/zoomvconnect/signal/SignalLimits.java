package com.zoomvconnect.signal;

/**
 * What one participant may send per second on the signaling socket, so that one client cannot
 * make the server relay a flood to everyone. Each is a token bucket: {@code burst} at once,
 * then {@code perSecond}.
 *
 * @param chatPerSecond    chat messages (public or private)
 * @param chatBurst        chat messages at once
 * @param togglesPerSecond hand raises and lowers, reactions and mute toggles together
 * @param togglesBurst     such toggles at once
 * @param maxSockets       signaling sockets held open at once (each a file descriptor); one more is
 *                         closed at once with 1013 and {@code server_busy}
 * @param joinTimeout      a socket that has not sent {@code join} this long after opening is closed (1008, {@code join_timeout})
 * @param pingInterval     how often the server sends a WebSocket ping on a socket; a socket that has sent nothing (not even
 *                         a pong) for three intervals is closed (1001, {@code no answer}). The pongs also keep the web
 *                         server's idle-connection timer from cutting a client that only listens (docs/signaling.md).
 */
public record SignalLimits(int chatPerSecond, int chatBurst, int togglesPerSecond, int togglesBurst, int maxSockets,
                           java.time.Duration joinTimeout, java.time.Duration pingInterval) {
    /** Open sockets by default: 10,000 with room to spare, well inside the packaged unit's 65,536 file descriptors. */
    public static final int MAX_SOCKETS = 20_000;
    public static final java.time.Duration JOIN_TIMEOUT = java.time.Duration.ofSeconds(10);
    /** Well inside the web server's idle-connection timeout (5 minutes); the web client pings every 20 s itself. */
    public static final java.time.Duration PING_INTERVAL = java.time.Duration.ofSeconds(25);
    public static final SignalLimits DEFAULTS = new SignalLimits(5, 20, 4, 20);
    /** For load tests that flood on purpose. */
    public static final SignalLimits UNLIMITED = new SignalLimits(1_000_000, 1_000_000, 1_000_000, 1_000_000);

    public SignalLimits {
        if (chatPerSecond < 1 || chatBurst < 1 || togglesPerSecond < 1 || togglesBurst < 1 || maxSockets < 1) {
            throw new IllegalArgumentException("signaling limits must be at least 1");
        }
        if (joinTimeout.isNegative() || joinTimeout.isZero()) {
            throw new IllegalArgumentException("the join timeout must be positive");
        }
        if (pingInterval.isNegative() || pingInterval.isZero()) {
            throw new IllegalArgumentException("the ping interval must be positive");
        }
    }

    /** The default ping interval. */
    public SignalLimits(int chatPerSecond, int chatBurst, int togglesPerSecond, int togglesBurst, int maxSockets,
                        java.time.Duration joinTimeout) {
        this(chatPerSecond, chatBurst, togglesPerSecond, togglesBurst, maxSockets, joinTimeout, PING_INTERVAL);
    }

    /** Rates only; the default socket limit and join timeout. */
    public SignalLimits(int chatPerSecond, int chatBurst, int togglesPerSecond, int togglesBurst) {
        this(chatPerSecond, chatBurst, togglesPerSecond, togglesBurst, MAX_SOCKETS, JOIN_TIMEOUT);
    }

    /** The same rates with another socket limit and join timeout. */
    public SignalLimits withSockets(int max, java.time.Duration timeout) {
        return new SignalLimits(chatPerSecond, chatBurst, togglesPerSecond, togglesBurst, max, timeout, pingInterval);
    }

    /** The same limits with another ping interval (tests). */
    public SignalLimits withPingInterval(java.time.Duration interval) {
        return new SignalLimits(chatPerSecond, chatBurst, togglesPerSecond, togglesBurst, maxSockets, joinTimeout, interval);
    }
}
