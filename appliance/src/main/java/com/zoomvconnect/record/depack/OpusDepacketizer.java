package com.zoomvconnect.record.depack;

import java.util.Arrays;

/** RFC 7587 §4.2: one Opus packet per RTP payload, stored as it is. */
final class OpusDepacketizer implements Depacketizer {
    @Override
    public Frame push(byte[] payload, int off, int len, long rtpTimestamp, boolean marker, boolean gap) {
        return len == 0 ? null : new Frame(rtpTimestamp, true, Arrays.copyOfRange(payload, off, off + len), 0, 0);
    }

    @Override
    public boolean waitingForKeyframe() {
        return false;
    }

    @Override
    public String codecId() {
        return "A_OPUS";
    }
}
