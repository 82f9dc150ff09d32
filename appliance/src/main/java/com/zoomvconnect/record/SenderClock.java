package com.zoomvconnect.record;

/**
 * One publisher's wall clock as its sender reports give it (RFC 3550 §6.4.1), tied once to the
 * recording's clock. Every track of the publisher shares it, so an audio and a video frame
 * captured at the same instant get the same recording time. Thread-safe: each track records on
 * its own thread.
 */
final class SenderClock {
    private static final long UNSET = Long.MIN_VALUE;
    private long offsetMicros = UNSET;

    /**
     * Recording time minus sender time, in microseconds. The first track to ask fixes it with its
     * {@code proposed} value (where that track's own timeline already is, so it does not jump).
     */
    synchronized long offsetMicros(long proposed) {
        if (offsetMicros == UNSET) {
            offsetMicros = proposed;
        }
        return offsetMicros;
    }

    /** An NTP timestamp (32.32 fixed point, seconds since 1900) in microseconds. */
    static long ntpMicros(long ntp) {
        return (ntp >>> 32) * 1_000_000L + (((ntp & 0xFFFFFFFFL) * 1_000_000L) >>> 32);
    }
}
