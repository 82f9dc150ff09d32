package com.zoomvconnect.media.bwe;

import java.util.Locale;

/** How a bandwidth probe cluster ended (the SFU counts each in its metrics, under {@link #counterName}). */
public enum ProbeOutcome {
    /** The path took its rate: the estimate rose to it. */
    RAISED,
    /** It arrived slower than it was sent (it queued somewhere): the estimate rose to 95 % of the arrival rate. */
    RAISED_SATURATED,
    /** Measured, but no higher than the estimate already was (saturated or not). */
    NO_RISE,
    /** Too few packets, too long a span or arrivals bunched up: nothing to measure. */
    UNMEASURED,
    /** The path lost some of the cluster. */
    LOST,
    /** The cluster went through, but the path showed delay growth or loss meanwhile. */
    STRAINED,
    /** Its feedback never came (a blackout). */
    GIVEN_UP;

    /** Its counter's name in the SFU's metrics: {@code probe_raised}, ... */
    public String counterName() {
        return "probe_" + name().toLowerCase(Locale.ROOT);
    }
}
