package com.zoomvconnect.media.sfu;

/**
 * What a down-track does with one packet (LiveKit's {@code TranslationParams}): drop it, with a
 * reason, or send it with these header values. The same decision serves forwarding and
 * retransmission, so the rewrite happens in one place ({@link DownTrack#write}).
 *
 * <p>Mutable and reused: each down-track owns one for forwarding and one for retransmissions, and
 * they are read only under its monitor. A record per packet would allocate on the packet path
 * (tens of thousands of packets a second per room), which this SFU avoids.
 */
final class ForwardDecision {
    /** Drop or send. */
    enum Outcome { FORWARD, DROP }

    private Outcome outcome = Outcome.DROP;
    private DropReason reason;
    private int layer;
    private int sourceSeq;
    private int seq;
    private long timestamp;
    private int picture;
    private int tl0;
    private boolean switched;
    private boolean keyframeNeeded;
    private boolean retransmit;

    ForwardDecision reset(int layer, int sourceSeq, boolean retransmit) {
        this.outcome = Outcome.DROP;
        this.reason = null;
        this.layer = layer;
        this.sourceSeq = sourceSeq;
        this.switched = false;
        this.keyframeNeeded = false;
        this.retransmit = retransmit;
        this.picture = Vp8PictureRewriter.ABSENT;
        this.tl0 = Vp8PictureRewriter.ABSENT;
        return this;
    }

    ForwardDecision drop(DropReason why) {
        outcome = Outcome.DROP;
        reason = why;
        return this;
    }

    /** Dropped until a keyframe of {@link #layer()} arrives, which the forwarder asks the publisher for. */
    ForwardDecision awaitKeyframe() {
        keyframeNeeded = true;
        return drop(DropReason.AWAITING_KEYFRAME);
    }

    ForwardDecision forward(int outSeq, long outTs, int outPicture, int outTl0, boolean layerSwitch) {
        outcome = Outcome.FORWARD;
        seq = outSeq;
        timestamp = outTs;
        picture = outPicture;
        tl0 = outTl0;
        switched = layerSwitch;
        return this;
    }

    /** Where a retransmission comes from: the layer and its incoming sequence number. */
    ForwardDecision source(int fromLayer, int fromSeq) {
        layer = fromLayer;
        sourceSeq = fromSeq;
        return this;
    }

    boolean forwards() {
        return outcome == Outcome.FORWARD;
    }

    /** Why it was dropped (null when forwarded). */
    DropReason reason() {
        return reason;
    }

    /** The simulcast layer the packet comes from (or, awaiting a keyframe, the one asked for). */
    int layer() {
        return layer;
    }

    /** The publisher's sequence number (the packet cache's key). */
    int sourceSeq() {
        return sourceSeq;
    }

    int seq() {
        return seq;
    }

    long timestamp() {
        return timestamp;
    }

    /** VP8 picture id to write, or {@link Vp8PictureRewriter#ABSENT}. */
    int picture() {
        return picture;
    }

    /** VP8 TL0PICIDX to write, or {@link Vp8PictureRewriter#ABSENT}. */
    int tl0() {
        return tl0;
    }

    /** The subscriber moved to another simulcast layer with this packet. */
    boolean switched() {
        return switched;
    }

    boolean keyframeNeeded() {
        return keyframeNeeded;
    }

    boolean retransmit() {
        return retransmit;
    }
}
