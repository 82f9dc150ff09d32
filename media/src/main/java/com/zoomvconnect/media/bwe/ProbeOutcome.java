package com.zoomvconnect.media.bwe;

/** How a bandwidth probe cluster ended (the SFU counts each in its metrics as {@code probe_<name>}). */
public enum ProbeOutcome {
    /** The path took its rate: the estimate rose to it. */
    RAISED,
    /** Measured, but no higher than the estimate already was. */
    NO_RISE,
    /** Arrivals slower than sending (the path has no room for its rate), or too few packets or too long a span to measure. */
    SATURATED,
    /** The path lost some of the cluster. */
    LOST,
    /** The cluster went through, but the path showed delay growth or loss meanwhile. */
    STRAINED,
    /** Its feedback never came (a blackout). */
    GIVEN_UP
}
