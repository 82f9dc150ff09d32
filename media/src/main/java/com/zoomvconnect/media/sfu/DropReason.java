package com.zoomvconnect.media.sfu;

/** Why a down-track did not send a packet (forwarded or retransmitted); each is counted. */
enum DropReason {
    /** The down-track was removed (its publisher unpublished or the subscriber left). */
    INACTIVE,
    /**
     * The subscriber has not answered an offer carrying this down-track yet: its browser could not
     * tell which m-line the packets belong to and would drop them (a keyframe among them, so it
     * would then wait for the next one).
     */
    NOT_NEGOTIATED,
    /** Held back by last-N or because the subscriber does not show this camera. */
    PAUSED,
    /** The subscriber's connection has not finished DTLS yet. */
    NOT_CONNECTED,
    /** A simulcast layer this subscriber does not receive. */
    OTHER_LAYER,
    /** Video starting, resuming or switching layer waits for a keyframe (one is asked for). */
    AWAITING_KEYFRAME,
    /** From before the current source started, or far behind: its number is taken. */
    TOO_OLD,
    /** A VP8 temporal layer above what the subscriber's bandwidth allows (frame-rate step-down). */
    TEMPORAL_LAYER,
    /** A NACK for a sequence number this down-track did not send recently. */
    NOT_IN_HISTORY,
    /** A NACKed packet that is no longer in the publisher's packet cache. */
    NOT_CACHED,
    /**
     * A packet of a large fan-out that one of its groups had no room to queue ({@code SharedFanOut.QUEUE}),
     * or that a thread reached only after {@code Forwarder.MAX_SHARE_AGE_NANOS} (overload); counted per group.
     */
    FAN_OUT_OVERLOAD
}
