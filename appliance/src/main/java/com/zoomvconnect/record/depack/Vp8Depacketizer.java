package com.zoomvconnect.record.depack;

import com.zoomvconnect.media.rtp.Vp8Descriptor;

/** RFC 7741: strips the VP8 payload descriptor; frames start at S=1, PID=0. */
final class Vp8Depacketizer extends FrameAssembler {
    @Override
    public String codecId() {
        return "V_VP8";
    }

    @Override
    protected boolean startsFrame(byte[] p, int off, int len) {
        return Vp8Descriptor.startsFrame(p, off, len);
    }

    @Override
    protected boolean append(byte[] p, int off, int len) {
        int d = Vp8Descriptor.length(p, off, len);
        if (d < 0) {
            return false;
        }
        if (frame.size() == 0) {
            int b = off + d;
            // RFC 6386 §9.1: frame tag bit 0 is 0 for a key frame, which then carries its size.
            keyframe = (p[b] & 0x01) == 0;
            if (keyframe && len - d >= 10 && (p[b + 3] & 0xFF) == 0x9d && (p[b + 4] & 0xFF) == 0x01 && (p[b + 5] & 0xFF) == 0x2a) {
                width = ((p[b + 6] & 0xFF) | (p[b + 7] & 0xFF) << 8) & 0x3FFF;
                height = ((p[b + 8] & 0xFF) | (p[b + 9] & 0xFF) << 8) & 0x3FFF;
            }
        }
        frame.write(p, off + d, len - d);
        return true;
    }
}
