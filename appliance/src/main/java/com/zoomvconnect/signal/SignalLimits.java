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
 */
public record SignalLimits(int chatPerSecond, int chatBurst, int togglesPerSecond, int togglesBurst) {
    public static final SignalLimits DEFAULTS = new SignalLimits(5, 20, 4, 20);
    /** For load tests that flood on purpose. */
    public static final SignalLimits UNLIMITED = new SignalLimits(1_000_000, 1_000_000, 1_000_000, 1_000_000);

    public SignalLimits {
        if (chatPerSecond < 1 || chatBurst < 1 || togglesPerSecond < 1 || togglesBurst < 1) {
            throw new IllegalArgumentException("signaling limits must be at least 1");
        }
    }
}
