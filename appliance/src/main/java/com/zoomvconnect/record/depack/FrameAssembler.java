package com.zoomvconnect.record.depack;

import java.io.ByteArrayOutputStream;

/** Collects one video frame's pieces: same timestamp, no gap, ends at the marker bit. */
abstract class FrameAssembler implements Depacketizer {
    protected final ByteArrayOutputStream frame = new ByteArrayOutputStream(64 * 1024);
    private long timestamp = -1;
    private boolean broken = true;
    private boolean needKeyframe = true;
    protected boolean keyframe;
    protected int width;
    protected int height;

    private long emitted = -1;

    @Override
    public final Frame push(byte[] p, int off, int len, long rtpTimestamp, boolean marker, boolean gap) {
        if (rtpTimestamp == emitted && !gap) {
            return null; // a late copy of a packet of the frame already delivered
        }
        if (gap || rtpTimestamp != timestamp) {
            if (rtpTimestamp == timestamp || (gap && timestamp >= 0)) {
                needKeyframe = true; // a lost piece of this or the previous frame
            }
            broken = !startsFrame(p, off, len);
            timestamp = rtpTimestamp;
            frame.reset();
            keyframe = false;
            if (broken) {
                return null;
            }
        }
        if (broken) {
            return null;
        }
        if (!append(p, off, len)) {
            broken = true;
            needKeyframe = true;
            return null;
        }
        if (!marker) {
            return null;
        }
        broken = true; // the next packet starts a new frame
        if (needKeyframe && !keyframe) {
            return null;
        }
        needKeyframe = false;
        emitted = rtpTimestamp;
        byte[] data = finish();
        return data == null ? null : new Frame(rtpTimestamp, keyframe, data, keyframe ? width : 0, keyframe ? height : 0);
    }

    @Override
    public boolean waitingForKeyframe() {
        return needKeyframe;
    }

    /** Whether this payload begins a frame. */
    protected abstract boolean startsFrame(byte[] p, int off, int len);

    /** Adds a payload's media to {@link #frame}; false if it is malformed. */
    protected abstract boolean append(byte[] p, int off, int len);

    /** The completed frame's bytes. */
    protected byte[] finish() {
        return frame.toByteArray();
    }
}
