package com.zoomvconnect.record.depack;

/**
 * RFC 9628: strips the VP9 payload descriptor; a frame runs from B (beginning) to E (end). Only
 * the base spatial layer is kept (an SVC stream's other layers need their superframe), so the
 * recording is decodable on its own; its size comes from the scalability structure when sent.
 */
final class Vp9Depacketizer extends FrameAssembler {
    @Override
    public String codecId() {
        return "V_VP9";
    }

    /** Descriptor length, or -1 if truncated; sets {@link #width}/{@link #height} from an SS with Y. */
    private int descriptorLength(byte[] p, int off, int len, boolean readSize) {
        if (len < 1) {
            return -1;
        }
        int b0 = p[off] & 0xFF;
        boolean i = (b0 & 0x80) != 0;
        boolean pFlag = (b0 & 0x40) != 0;
        boolean l = (b0 & 0x20) != 0;
        boolean f = (b0 & 0x10) != 0;
        boolean v = (b0 & 0x02) != 0;
        int n = 1;
        if (i) {
            if (n >= len) {
                return -1;
            }
            n += (p[off + n] & 0x80) != 0 ? 2 : 1;
        }
        if (l) {
            n += f ? 1 : 2; // layer indices, plus TL0PICIDX in non-flexible mode
        }
        if (f && pFlag) {
            for (int k = 0; k < 3; k++) { // up to three P_DIFF, each with N (more follow)
                if (n >= len) {
                    return -1;
                }
                boolean more = (p[off + n] & 0x01) != 0;
                n++;
                if (!more) {
                    break;
                }
            }
        }
        if (v) {
            if (n >= len) {
                return -1;
            }
            int ss = p[off + n] & 0xFF;
            n++;
            int layers = (ss >>> 5) + 1;
            boolean y = (ss & 0x10) != 0;
            boolean g = (ss & 0x08) != 0;
            if (y) {
                if (n + 4 * layers > len) {
                    return -1;
                }
                if (readSize) {
                    width = ((p[off + n] & 0xFF) << 8) | (p[off + n + 1] & 0xFF);
                    height = ((p[off + n + 2] & 0xFF) << 8) | (p[off + n + 3] & 0xFF);
                }
                n += 4 * layers;
            }
            if (g) {
                if (n >= len) {
                    return -1;
                }
                int groups = p[off + n] & 0xFF;
                n++;
                for (int k = 0; k < groups; k++) {
                    if (n >= len) {
                        return -1;
                    }
                    int refs = (p[off + n] >>> 2) & 0x03;
                    n += 1 + refs;
                }
            }
        }
        return n < len ? n : -1;
    }

    private static int spatialLayer(byte[] p, int off, int len) {
        int b0 = p[off] & 0xFF;
        if ((b0 & 0x20) == 0) {
            return 0;
        }
        int n = 1;
        if ((b0 & 0x80) != 0) {
            n += len > 1 && (p[off + 1] & 0x80) != 0 ? 2 : 1;
        }
        return n < len ? (p[off + n] >>> 1) & 0x07 : -1;
    }

    @Override
    protected boolean startsFrame(byte[] p, int off, int len) {
        return len > 0 && (p[off] & 0x08) != 0 && spatialLayer(p, off, len) == 0;
    }

    @Override
    protected boolean append(byte[] p, int off, int len) {
        if (spatialLayer(p, off, len) != 0) {
            return true; // an enhancement layer: not recorded
        }
        boolean start = (p[off] & 0x08) != 0;
        int d = descriptorLength(p, off, len, start);
        if (d < 0) {
            return false;
        }
        if (start && frame.size() == 0) {
            keyframe = (p[off] & 0x40) == 0; // P=0: not predicted from an earlier picture
        }
        frame.write(p, off + d, len - d);
        return true;
    }
}
