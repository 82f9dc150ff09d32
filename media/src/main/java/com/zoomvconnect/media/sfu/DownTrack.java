package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.rtp.RtpPacket;
import com.zoomvconnect.media.sdp.Codec;

/**
 * One up-track as one subscriber receives it: our SSRC and payload type towards them, which
 * layer flows, and the rewriting that keeps their stream continuous. It alone decides, per
 * packet, drop or forward and with which header ({@link #decide}, {@link #decideRetransmit}),
 * and it alone changes its layer state. Mutated under its own monitor (forwarding and NACK
 * answers run on different threads); never held across I/O.
 */
final class DownTrack {
    /** Where the down-track is in following its source. */
    enum LayerState {
        /** Nothing forwarded yet: video waits for a keyframe of the target layer, audio starts at once. */
        STARTING,
        /** The current layer flows; a different target layer is switched to at its keyframe. */
        FORWARDING,
        /** Video resuming (after a pause, a host unblock, a new DTLS session) waits for a keyframe. */
        AWAITING_KEYFRAME,
        /** Audio resuming: the next packet continues the numbering without a gap. */
        RESUMING
    }

    /** VP8 temporal layers forwarded: all of them (2), half the frames (1), a quarter (0). */
    static final int ALL_TEMPORAL = 2;

    /**
     * Which group of a large fan-out this down-track is in, modulo {@link SharedFanOut#GROUPS}, for its
     * whole life (see {@link SharedFanOut}): numbered per up-track, so that its down-tracks fill the
     * groups in turn (a count across all down-tracks gave every subscriber's audio one parity and their
     * video the other, which with the fixed per-thread shares of old put a microphone's whole fan-out on one thread).
     */
    final int lane;
    final UpTrack source;
    final SfuParticipant subscriber;
    final String mid;
    final long ssrc;
    final Codec codec;
    private final SequenceRewriter rewriter = new SequenceRewriter();
    /** VP8 picture id / TL0PICIDX continuity across layer switches (null for other codecs). */
    private final Vp8PictureRewriter vp8;
    private final SentHistory history;
    private final ForwardDecision forwardDecision = new ForwardDecision();
    private final ForwardDecision retransmitDecision = new ForwardDecision();
    private volatile boolean active = true;
    /** The subscriber answered an offer with this m-line: from then on its packets can be told apart. */
    private volatile boolean negotiated;
    /** Held back by last-N: not among the subscriber's N most recent speakers, or not on its screen. */
    private volatile boolean paused;
    private volatile LayerState state = LayerState.STARTING;
    /** The layer being forwarded; meaningful once past STARTING. Changes only at a keyframe of the new layer. */
    private volatile int currentLayer;
    /** The layer this subscriber should get, from its tile size, its bandwidth and what the publisher sends. */
    private volatile int targetLayer;
    /** The highest layer the subscriber's tile needs (tile-size hint; defaults to the top). */
    private volatile int maxLayer = Integer.MAX_VALUE;
    private volatile int maxTemporal = ALL_TEMPORAL;
    /** The last packet forwarded ended a frame (RTP marker): a padding packet may follow it. */
    private boolean frameEnded;
    /** Nanos of the last packet forwarded (timestamp spacing when switching layers). */
    private long lastSentNanos;
    private long packetsSent;
    private long octetsSent;

    DownTrack(UpTrack source, SfuParticipant subscriber, String mid, long ssrc, Codec codec) {
        this.lane = source.nextLane();
        this.source = source;
        this.subscriber = subscriber;
        this.mid = mid;
        this.ssrc = ssrc;
        this.codec = codec;
        this.targetLayer = source.encodings.length - 1;
        this.vp8 = Codec.VP8.equals(source.codec.name()) ? new Vp8PictureRewriter() : null;
        this.history = new SentHistory(source.isVideo() ? 1024 : 64);
    }

    /**
     * Whether and how a packet from the publisher goes to this subscriber. Moves the layer state
     * on: a keyframe of the target layer switches to it, continuing sequence numbers, timestamps
     * and VP8 picture ids from what the subscriber saw last. The result is reused: read it before
     * releasing this monitor.
     */
    synchronized ForwardDecision decide(ReceivedPacket p, long now) {
        ForwardDecision d = forwardDecision.reset(p.layer, p.seq, false);
        if (!active) {
            return d.drop(DropReason.INACTIVE);
        }
        if (!negotiated) {
            return d.drop(DropReason.NOT_NEGOTIATED);
        }
        if (paused) {
            return d.drop(DropReason.PAUSED);
        }
        boolean newLayer = state == LayerState.STARTING || p.layer != currentLayer;
        if (newLayer && p.layer != targetLayer) {
            return d.drop(DropReason.OTHER_LAYER);
        }
        boolean atKeyframe = newLayer || state == LayerState.AWAITING_KEYFRAME;
        if (atKeyframe && source.isVideo() && !p.keyframe) {
            return d.awaitKeyframe();
        }
        boolean switched = false;
        if (atKeyframe || state == LayerState.RESUMING) {
            if (rewriter.started()) {
                rewriter.switchSource(timestampGap(now));
                if (vp8 != null) {
                    vp8.switchSource();
                }
                switched = newLayer;
            }
            currentLayer = p.layer;
            state = LayerState.FORWARDING;
        }
        if (!rewriter.rewrite(p.seq, p.timestamp)) {
            return d.drop(DropReason.TOO_OLD);
        }
        if (vp8 != null && maxTemporal < ALL_TEMPORAL && !p.keyframe
                && Vp8PictureRewriter.temporalId(p.buf, p.payloadOffset(), p.payload) > maxTemporal) {
            // Frame-rate step-down: frames above the temporal layer this subscriber can take are no
            // references for lower layers; its numbering closes over them.
            rewriter.skip(p.seq);
            return d.drop(DropReason.TEMPORAL_LAYER);
        }
        if (vp8 != null) {
            vp8.translate(p.buf, p.payloadOffset(), p.payload, true);
        }
        d.forward(rewriter.outSeq(), rewriter.outTs(), vp8 == null ? Vp8PictureRewriter.ABSENT : vp8.outPicture(),
                vp8 == null ? Vp8PictureRewriter.ABSENT : vp8.outTl0(), switched);
        history.record(d);
        lastSentNanos = now;
        frameEnded = RtpPacket.marker(p.buf, p.off);
        return d;
    }

    /**
     * A NACK for {@code outSeq}: the layer and publisher sequence number to fetch from the cache
     * and the header it first went out with, or a drop. The result is reused: read it before
     * releasing this monitor.
     */
    synchronized ForwardDecision decideRetransmit(int outSeq) {
        ForwardDecision d = retransmitDecision.reset(0, 0, true);
        if (!active) {
            return d.drop(DropReason.INACTIVE);
        }
        if (!history.lookup(outSeq, d)) {
            return d.drop(DropReason.NOT_IN_HISTORY);
        }
        return d;
    }

    /**
     * Turns {@code out[0..len)}, a copy of the publisher's packet (fresh or from the cache), into
     * what the subscriber gets under decision {@code d}: extensions stripped, payload type, SSRC,
     * sequence number, timestamp and VP8 ids rewritten, the subscriber's transport-wide sequence
     * number stamped. The one place a packet is rewritten. Returns the new length.
     */
    synchronized int write(ForwardDecision d, byte[] out, int len, long now) {
        int n = RtpPacket.stripExtension(out, 0, len);
        if (vp8 != null) {
            int h = RtpPacket.FIXED_HEADER + 4 * (out[0] & 0x0F);
            Vp8PictureRewriter.write(out, h, n - h, d.picture(), d.tl0());
        }
        RtpPacket.setPayloadType(out, 0, codec.payloadType());
        RtpPacket.setSequence(out, 0, d.seq());
        RtpPacket.setTimestamp(out, 0, d.timestamp());
        RtpPacket.setSsrc(out, 0, ssrc);
        n = subscriber.downlink().stamp(out, n, now);
        if (!d.retransmit()) {
            packetsSent++;
            octetsSent += n - RtpPacket.FIXED_HEADER;
        }
        return n;
    }

    /**
     * Writes into {@code out} a padding-only packet (RFC 3550 §5.1) of {@code padding} bytes
     * (1–255) for a bandwidth probe, continuing this subscriber's numbering; the caller stamps
     * its transport-wide number ({@link Downlink#stamp}). Only between two frames — a number
     * taken inside a frame would split it for the receiver — and only on VP8, whose receiver
     * assembles frames by their descriptor and picture id, so a lost padding packet (never
     * retransmitted) costs nothing; without RTX towards subscribers libwebrtc pads so too.
     * Returns the length, 0 when not possible now.
     */
    synchronized int writePadding(byte[] out, int padding) {
        if (vp8 == null || !frameEnded || state != LayerState.FORWARDING || !isFlowing() || rewriter.switchPending()) {
            return 0;
        }
        int seq = rewriter.insertPadding();
        out[0] = (byte) 0xA0; // V=2, P=1, no extension, no CSRC
        out[1] = (byte) codec.payloadType(); // no marker
        RtpPacket.setSequence(out, 0, seq);
        RtpPacket.setTimestamp(out, 0, rewriter.lastOutTs());
        RtpPacket.setSsrc(out, 0, ssrc);
        int end = RtpPacket.FIXED_HEADER + padding;
        java.util.Arrays.fill(out, RtpPacket.FIXED_HEADER, end - 1, (byte) 0);
        out[end - 1] = (byte) padding; // the padding's last byte counts it (RFC 3550 §5.1)
        packetsSent++;
        return end;
    }

    /** Whether probes may pad this stream at all (VP8 video the subscriber receives now). */
    boolean canPad() {
        return vp8 != null && isFlowing();
    }

    /**
     * A padding-only packet of the forwarded layer is not sent: the subscriber's numbering closes
     * over it, so it sees no gap to NACK.
     */
    synchronized void skipPadding(int layer, int seq, long ts) {
        if (state != LayerState.STARTING && layer == currentLayer && rewriter.started() && rewriter.rewrite(seq, ts)) {
            rewriter.skip(seq);
        }
    }

    /**
     * Timestamp distance between the last packet the subscriber got and the first from a new
     * source: the wall-clock time in between, so its jitter buffer keeps playing at the right pace.
     */
    private long timestampGap(long now) {
        long clock = source.codec.clockRate();
        long elapsed = lastSentNanos == 0 ? 0 : Math.min(now - lastSentNanos, 5_000_000_000L);
        return Math.max(1, elapsed * clock / 1_000_000_000L);
    }

    /**
     * The source resumes after a gap we caused (unblocked, unsuppressed, back in last-N, new
     * DTLS session): video waits for a keyframe, audio continues its numbering without a gap.
     */
    synchronized void resume() {
        if (state != LayerState.STARTING) {
            state = source.isVideo() ? LayerState.AWAITING_KEYFRAME : LayerState.RESUMING;
        }
    }

    /** Pauses or resumes (last-N, visibility); true when it resumes, so a keyframe should be asked for. */
    boolean setPaused(boolean pause) {
        boolean resumed = paused && !pause;
        if (resumed) {
            resume();
        }
        paused = pause;
        return resumed;
    }

    /**
     * The allocator's choice of layer and temporal layers; true when a keyframe of the new
     * target is needed to switch to it.
     */
    synchronized boolean allocate(int layer, int temporal) {
        maxTemporal = temporal;
        if (layer == targetLayer) {
            return false;
        }
        targetLayer = layer;
        return state == LayerState.STARTING || layer != currentLayer;
    }

    void setMaxLayer(int layer) {
        maxLayer = layer;
    }

    void deactivate() {
        active = false;
    }

    /**
     * The subscriber's answer to an offer carrying this m-line arrived: packets may flow. Video
     * still starts at a keyframe, asked for by the caller now that it will be forwarded.
     */
    void negotiated() {
        negotiated = true;
    }

    boolean isNegotiated() {
        return negotiated;
    }

    boolean isActive() {
        return active;
    }

    /** Active, negotiated and not paused: the subscriber should be getting this track now. */
    boolean isFlowing() {
        return active && negotiated && !paused;
    }

    LayerState state() {
        return state;
    }

    int maxLayer() {
        return maxLayer;
    }

    int targetLayer() {
        return targetLayer;
    }

    /** The layer being forwarded; only meaningful once the state is past STARTING. */
    int currentLayer() {
        return currentLayer;
    }

    /** Layer used for headroom decisions: whether going to {@code layer} is going up (or starting). */
    boolean isAbove(int layer) {
        return state == LayerState.STARTING || layer > currentLayer;
    }

    /** Video starting, resuming or between layers: keyframe requests are retried until it arrives. */
    boolean wantsKeyframe() {
        LayerState s = state;
        return isFlowing() && source.isVideo()
                && (s == LayerState.STARTING || s == LayerState.AWAITING_KEYFRAME || targetLayer != currentLayer);
    }

    /** Waiting for a keyframe to start or resume (not counting a pending layer switch). */
    boolean awaitingKeyframe() {
        LayerState s = state;
        return isFlowing() && (s == LayerState.STARTING && source.isVideo() || s == LayerState.AWAITING_KEYFRAME);
    }

    /** The encoding whose keyframe this down-track is heading for. */
    Encoding targetEncoding() {
        return source.encoding(targetLayer);
    }

    /** The encoding forwarded now, or null before the first packet. */
    synchronized Encoding forwardedEncoding() {
        return state == LayerState.STARTING ? null : source.encoding(currentLayer);
    }

    /** The packet cache of a layer of the source (answers NACKs). */
    PacketCache cacheFor(int layer) {
        return source.encoding(layer).cache;
    }

    /** Sender-report fields (RFC 3550 §6.4.1): the outgoing timestamp for a source one, and counts. */
    synchronized long mapTimestamp(long sourceTs) {
        return rewriter.mapTimestamp(sourceTs);
    }

    synchronized long packetsSent() {
        return packetsSent;
    }

    synchronized long octetsSent() {
        return octetsSent;
    }
}
