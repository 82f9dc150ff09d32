package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.sdp.Codec;

/**
 * One up-track as one subscriber receives it: our SSRC and payload type towards them and the
 * rewriting that keeps their stream continuous. Mutated under its own monitor (forwarding and
 * NACK answers may run on different threads); never held across I/O.
 */
final class DownTrack {
    final UpTrack source;
    final SfuParticipant subscriber;
    final String mid;
    final long ssrc;
    final Codec codec;
    final SequenceRewriter rewriter = new SequenceRewriter();
    /** VP8 picture id / TL0PICIDX continuity across layer switches (null for other codecs). */
    final Vp8PictureRewriter vp8;
    volatile boolean active = true;
    volatile boolean waitingKeyframe;
    /** The source resumes after a pause: continue numbering without a gap. */
    volatile boolean resync;
    /** Held back by last-N: this publisher is not among the subscriber's N most recent speakers. */
    volatile boolean paused;
    /** The layer being forwarded (-1 before the first packet); changes only at a keyframe of the new layer. */
    int currentLayer = -1;
    /** The layer this subscriber should get, from its tile size, its bandwidth and what the publisher sends. */
    volatile int targetLayer;
    /** The highest layer the subscriber's tile needs (tile-size hint; defaults to the top). */
    volatile int maxLayer = Integer.MAX_VALUE;
    /** Highest VP8 temporal layer forwarded (2 = all; 1 halves, 0 quarters the frame rate). */
    volatile int maxTemporal = 2;
    /** Nanos of the last packet forwarded (timestamp spacing when switching layers). */
    long lastSentNanos;
    long packetsSent;
    long octetsSent;
    boolean started;

    DownTrack(UpTrack source, SfuParticipant subscriber, String mid, long ssrc, Codec codec) {
        this.source = source;
        this.subscriber = subscriber;
        this.mid = mid;
        this.ssrc = ssrc;
        this.codec = codec;
        this.waitingKeyframe = source.isVideo();
        this.targetLayer = source.encodings.length - 1;
        this.vp8 = com.zoomvconnect.media.sdp.Codec.VP8.equals(source.codec.name()) ? new Vp8PictureRewriter() : null;
    }
}
