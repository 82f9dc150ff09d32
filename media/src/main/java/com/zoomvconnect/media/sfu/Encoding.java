package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.rtp.SeqNum;

/**
 * One RTP stream of a published track: the only one for a plain track, or one simulcast layer
 * (rid {@code q}, {@code h} or {@code f}, RFC 8853). Owns what is per SSRC: the packet cache that
 * answers NACKs, the tracker of our own losses, receive statistics for receiver reports, the
 * publisher's sender-report clock and a bitrate meter. Receive-side fields are touched only by
 * the thread reading the publisher's path; what the ticker reads is volatile.
 */
final class Encoding {
    /** How long without packets before a layer counts as stopped (the browser drops layers under congestion). */
    static final long ACTIVE_TIMEOUT_NANOS = 600_000_000L;
    /** An SSRC not signalled and not learnt yet. RTP SSRCs are unsigned 32-bit (RFC 3550 §5.1), so none is negative. */
    static final long NO_SSRC = -1;
    /** {@link #baseSeq} before the first packet: sequence numbers are 0..65535. */
    private static final int NO_PACKET_YET = -1;

    final UpTrack track;
    /** Spatial layer: 0 for the lowest (or only) encoding. */
    final int layer;
    /** RFC 8851 restriction identifier, or null for a track without simulcast. */
    final String rid;
    /** Signalled in the SDP, or learnt from the first packet carrying this rid ({@link #NO_SSRC} until then). */
    private volatile long ssrc;
    /** The RFC 4588 retransmission stream's SSRC, signalled or learnt from repaired-rid, or {@link #NO_SSRC}. */
    private volatile long rtxSsrc;
    final PacketCache cache;
    final NackTracker nacks = new NackTracker(5, 30_000_000L, 1_000_000_000L);
    final int[] nackScratch = new int[64];

    // Receive statistics for receiver reports (RFC 3550 §A.3), updated by the receive thread.
    volatile boolean receiving;
    int baseSeq = NO_PACKET_YET;
    long cycles;
    int maxSeq;
    long received;
    long expectedPrior;
    long receivedPrior;
    long lastNackCheckNanos;
    // RFC 3550 §A.8 interarrival jitter, in RTP timestamp units scaled by 16 (the appendix's integer form).
    private long lastTransit;
    private boolean hasTransit;
    private volatile long jitterQ4;

    // The publisher's last sender report: NTP and RTP time at one instant (for lip sync).
    volatile long srNtp;
    volatile long srRtp;
    volatile long srArrivalNanos;

    volatile long lastKeyframeRequestNanos;
    volatile long lastPacketNanos;
    volatile long lastKeyframeNanos;

    // Bitrate over the last window, for layer allocation.
    private long windowStartNanos;
    private long windowBytes;
    private volatile long bitrateBps;

    Encoding(UpTrack track, int layer, String rid, long ssrc, long rtxSsrc) {
        this.track = track;
        this.layer = layer;
        this.rid = rid;
        this.ssrc = ssrc;
        this.rtxSsrc = rtxSsrc;
        this.cache = new PacketCache(track.isVideo() ? 1024 : 64, 1500);
    }

    /** The media SSRC, or {@link #NO_SSRC} when not known yet. */
    long ssrc() {
        return ssrc;
    }

    /** The RTX SSRC, or {@link #NO_SSRC} when not known (yet). */
    long rtxSsrc() {
        return rtxSsrc;
    }

    /** Whether the media SSRC is known (signalled or learnt). */
    boolean hasSsrc() {
        return ssrc != NO_SSRC;
    }

    boolean hasRtxSsrc() {
        return rtxSsrc != NO_SSRC;
    }

    /** Whether this encoding's media SSRC is {@code s} (false for {@link #NO_SSRC}). */
    boolean isBoundTo(long s) {
        return s != NO_SSRC && ssrc == s;
    }

    /** Whether a packet with SSRC {@code s} is a retransmission (RTX stream) of this encoding. */
    boolean isRtx(long s) {
        return s != NO_SSRC && rtxSsrc == s;
    }

    /** Learns the media SSRC from a packet (RFC 8852 rid); under {@link PublishedStreams}'s monitor. */
    void bindSsrc(long s) {
        ssrc = s;
    }

    /** Learns the RTX SSRC from a packet (RFC 8852 repaired-rid); under {@link PublishedStreams}'s monitor. */
    void bindRtxSsrc(long s) {
        rtxSsrc = s;
    }

    /**
     * Sequence bookkeeping for receiver reports, jitter and the bitrate meter. Returns how many
     * sequence numbers this packet adds to those expected (RFC 3550 §A.3): 0 for a late or repeated one.
     */
    int countReceived(int seq, long timestamp, int bytes, long now) {
        receiving = true;
        if (!isRtxLate(seq)) {
            updateJitter(timestamp, now);
        }
        received++;
        lastPacketNanos = now;
        if (now - windowStartNanos >= 500_000_000L) {
            long elapsed = now - windowStartNanos;
            bitrateBps = windowStartNanos == 0 ? 0 : windowBytes * 8_000_000_000L / elapsed;
            windowStartNanos = now;
            windowBytes = 0;
        }
        windowBytes += bytes;
        if (baseSeq == NO_PACKET_YET) {
            baseSeq = seq;
            maxSeq = seq;
            return 1;
        }
        int d = SeqNum.diff(seq, maxSeq);
        if (d > 0) {
            if (seq < maxSeq) {
                cycles += 65536;
            }
            maxSeq = seq;
            return d;
        }
        return 0;
    }

    /** A packet older than the newest: a retransmission or reordering, whose transit time says nothing of jitter. */
    private boolean isRtxLate(int seq) {
        return baseSeq != NO_PACKET_YET && SeqNum.diff(seq, maxSeq) <= 0;
    }

    /** RFC 3550 §A.8: J += (|D| - J) / 16, with arrival time in the stream's clock units. */
    private void updateJitter(long timestamp, long now) {
        long arrival = now / 1000 * track.codec.clockRate() / 1_000_000;
        long transit = arrival - timestamp;
        if (hasTransit) {
            long d = Math.abs(transit - lastTransit);
            // Timestamps wrap at 2^32 and jump at a publisher's restart: ignore such steps.
            if (d < track.codec.clockRate() * 10L) {
                long j = jitterQ4;
                jitterQ4 = j + d - ((j + 8) >> 4);
            }
        }
        lastTransit = transit;
        hasTransit = true;
    }

    /** Interarrival jitter in milliseconds (RFC 3550 §6.4.1), 0 before two packets. */
    double jitterMillis() {
        return (jitterQ4 >> 4) * 1000.0 / track.codec.clockRate();
    }

    /** Packets expected and lost so far (RFC 3550 §A.3); lost is 0 when duplicates outnumber gaps. */
    long expected() {
        return baseSeq == NO_PACKET_YET ? 0 : extendedMax() - baseSeq + 1;
    }

    long lost() {
        return Math.max(0, expected() - received);
    }

    /** Whether it is time to look for NACKs to send (every 20 ms of traffic); notes the check. */
    boolean nackCheckDue(long now) {
        if (now - lastNackCheckNanos <= 20_000_000L) {
            return false;
        }
        lastNackCheckNanos = now;
        return true;
    }

    void keyframeArrived(long now) {
        lastKeyframeNanos = now;
    }

    /** Whether a keyframe may be asked for now (at most every {@code interval}); notes the request. */
    boolean keyframeRequestDue(long now, long interval) {
        if (now - lastKeyframeRequestNanos < interval) {
            return false;
        }
        lastKeyframeRequestNanos = now;
        return true;
    }

    /** The publisher's sender report (RFC 3550 §6.4.1) for this SSRC: one instant on both clocks. */
    void senderReport(long ntp, long rtp, long now) {
        srNtp = ntp;
        srRtp = rtp;
        srArrivalNanos = now;
    }

    long extendedMax() {
        return cycles + maxSeq;
    }

    /** Packets arrived recently: the publisher is sending this layer. */
    boolean isActive(long now) {
        return receiving && now - lastPacketNanos < ACTIVE_TIMEOUT_NANOS;
    }

    /** Received bitrate of this layer over the last half second (0 when stopped). */
    long bitrateBps(long now) {
        return isActive(now) ? bitrateBps : 0;
    }

    @Override
    public String toString() {
        return track.trackId + (rid == null ? "" : "/" + rid);
    }
}
