package com.zoomvconnect.record.depack;

/** RFC 7741: strips the VP8 payload descriptor; frames start at S=1, PID=0. */
final class Vp8Depacketizer extends FrameAssembler {
    @Override
    public String codecId() {
        return "V_VP8";
    }

    /** Length of the payload descriptor (RFC 7741 §4.2), or -1 if truncated. */
    static int descriptorLength(byte[] p, int off, int len) {
        if (len < 1) {
            return -1;
        }
        int n = 1;
        if ((p[off] & 0x80) != 0) { // X: extension byte
            if (len < 2) {
                return -1;
            }
            int x = p[off + 1] & 0xFF;
            n = 2;
            if ((x & 0x80) != 0) { // I: picture id, 7 or 15 bits
                if (len <= n) {
                    return -1;
                }
                n += (p[off + n] & 0x80) != 0 ? 2 : 1;
            }
            if ((x & 0x40) != 0) { // L: TL0PICIDX
                n++;
            }
            if ((x & 0x30) != 0) { // T or K: TID/Y/KEYIDX
                n++;
            }
        }
        return n < len ? n : -1;
    }

    @Override
    protected boolean startsFrame(byte[] p, int off, int len) {
        return len > 0 && (p[off] & 0x10) != 0 && (p[off] & 0x07) == 0;
    }

    @Override
    protected boolean append(byte[] p, int off, int len) {
        int d = descriptorLength(p, off, len);
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
