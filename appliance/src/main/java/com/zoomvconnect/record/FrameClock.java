package com.zoomvconnect.record;

import java.util.Arrays;

/**
 * The recording time of a track's frames, from the sender's clocks rather than from when packets
 * happen to arrive (a busy machine delivers them in bursts). Once a layer's sender report maps its
 * RTP timestamps to the publisher's NTP time, a frame's time is that NTP time on the publisher's
 * shared {@link SenderClock}; before the first report, the RTP timestamp's distance from the
 * first packet's, anchored at that packet's arrival. Used by the recorder's thread only.
 */
final class FrameClock {
    private final int clockRate;
    private final SenderClock sender;
    private final long recordingStartNanos;
    private final long[] srNtpMicros;
    private final long[] srRtp;

    // Without a sender report: RTP time since an anchor, per layer run.
    private long anchorMicros = -1;
    private long lastRtp;
    private long unwrappedTicks;

    FrameClock(int clockRate, int layers, SenderClock sender, long recordingStartNanos) {
        this.clockRate = Math.max(1, clockRate);
        this.sender = sender;
        this.recordingStartNanos = recordingStartNanos;
        this.srNtpMicros = new long[Math.max(1, layers)];
        this.srRtp = new long[srNtpMicros.length];
        Arrays.fill(srNtpMicros, -1);
    }

    /** A sender report of {@code layer}: NTP time (32.32) at RTP timestamp {@code rtp}. */
    void senderReport(int layer, long ntp, long rtp) {
        int l = Math.min(Math.max(0, layer), srNtpMicros.length - 1);
        srNtpMicros[l] = SenderClock.ntpMicros(ntp);
        srRtp[l] = rtp;
    }

    /**
     * A new run of packets starts (another simulcast layer, whose RTP timestamps have their own
     * origin): until its sender report, it is anchored again at its first frame.
     */
    void restart() {
        anchorMicros = -1;
    }

    /**
     * Microseconds since the recording started for a frame of {@code layer} with RTP timestamp
     * {@code rtp} whose last packet arrived at {@code arrivalNanos}; {@code notBeforeMicros} is
     * where an anchor may start at the earliest (a frame after the track's last one).
     */
    long micros(int layer, long rtp, long arrivalNanos, long notBeforeMicros) {
        long fallback = fromRtpDelta(rtp, arrivalNanos, notBeforeMicros);
        int l = Math.min(Math.max(0, layer), srNtpMicros.length - 1);
        if (srNtpMicros[l] < 0) {
            return fallback;
        }
        long senderMicros = srNtpMicros[l] + signed32(rtp - srRtp[l]) * 1_000_000L / clockRate;
        return senderMicros + sender.offsetMicros(fallback - senderMicros);
    }

    private long fromRtpDelta(long rtp, long arrivalNanos, long notBeforeMicros) {
        if (anchorMicros < 0) {
            anchorMicros = Math.max((arrivalNanos - recordingStartNanos) / 1000, Math.max(0, notBeforeMicros));
            unwrappedTicks = 0;
            lastRtp = rtp;
        }
        unwrappedTicks += signed32(rtp - lastRtp); // slightly older timestamps: reordered audio
        lastRtp = rtp;
        return anchorMicros + unwrappedTicks * 1_000_000L / clockRate;
    }

    /** The difference of two 32-bit RTP timestamps, across a wrap (RFC 3550 §5.1). */
    private static long signed32(long delta) {
        return (int) delta;
    }
}
