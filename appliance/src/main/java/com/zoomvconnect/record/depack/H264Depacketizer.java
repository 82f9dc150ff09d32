package com.zoomvconnect.record.depack;

import java.io.ByteArrayOutputStream;

/**
 * RFC 6184 (packetization-mode 1): single NAL units, STAP-A and FU-A back into one access unit
 * of 4-byte length-prefixed NAL units, as Matroska's V_MPEG4/ISO/AVC stores them. SPS and PPS
 * are kept for the avcC record (ISO/IEC 14496-15 §5.3.3).
 */
final class H264Depacketizer extends FrameAssembler {
    private static final int STAP_A = 24;
    private static final int FU_A = 28;
    private byte[] sps;
    private byte[] pps;
    private final ByteArrayOutputStream fu = new ByteArrayOutputStream();
    private boolean inFu;

    @Override
    public String codecId() {
        return "V_MPEG4/ISO/AVC";
    }

    @Override
    protected boolean startsFrame(byte[] p, int off, int len) {
        if (len < 2) {
            return false;
        }
        int type = p[off] & 0x1F;
        // A fragment starts a frame only at its start bit; everything else is whole.
        inFu = false;
        fu.reset();
        return type != FU_A || (p[off + 1] & 0x80) != 0;
    }

    @Override
    protected boolean append(byte[] p, int off, int len) {
        if (len < 1) {
            return false;
        }
        int type = p[off] & 0x1F;
        if (type == STAP_A) {
            int i = off + 1;
            int end = off + len;
            while (i + 2 <= end) {
                int size = ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF);
                i += 2;
                if (size == 0 || i + size > end) {
                    return false;
                }
                nal(p, i, size);
                i += size;
            }
            return i == end;
        }
        if (type == FU_A) {
            if (len < 3) {
                return false;
            }
            int header = p[off + 1] & 0xFF;
            boolean start = (header & 0x80) != 0;
            boolean end = (header & 0x40) != 0;
            if (start) {
                fu.reset();
                fu.write((p[off] & 0xE0) | (header & 0x1F));
                inFu = true;
            } else if (!inFu) {
                return false;
            }
            fu.write(p, off + 2, len - 2);
            if (end) {
                byte[] n = fu.toByteArray();
                nal(n, 0, n.length);
                inFu = false;
                fu.reset();
            }
            return true;
        }
        if (type >= 1 && type <= 23) {
            nal(p, off, len);
            return true;
        }
        return false;
    }

    private void nal(byte[] p, int off, int len) {
        int type = p[off] & 0x1F;
        if (type == 7) {
            sps = java.util.Arrays.copyOfRange(p, off, off + len);
            spsSize(sps);
        } else if (type == 8) {
            pps = java.util.Arrays.copyOfRange(p, off, off + len);
        } else if (type == 5) {
            keyframe = true;
        }
        frame.write(len >>> 24);
        frame.write(len >>> 16);
        frame.write(len >>> 8);
        frame.write(len);
        frame.write(p, off, len);
    }

    @Override
    protected byte[] finish() {
        return inFu ? null : frame.toByteArray();
    }

    @Override
    public byte[] codecPrivate() {
        if (sps == null || pps == null || sps.length < 4) {
            return null;
        }
        var out = new ByteArrayOutputStream();
        out.write(1);            // configurationVersion
        out.write(sps[1]);       // AVCProfileIndication
        out.write(sps[2]);       // profile_compatibility
        out.write(sps[3]);       // AVCLevelIndication
        out.write(0xFF);         // 6 reserved bits, lengthSizeMinusOne = 3
        out.write(0xE1);         // 3 reserved bits, one SPS
        out.write(sps.length >>> 8);
        out.write(sps.length);
        out.writeBytes(sps);
        out.write(1);            // one PPS
        out.write(pps.length >>> 8);
        out.write(pps.length);
        out.writeBytes(pps);
        return out.toByteArray();
    }

    /** Picture size from the SPS (ITU-T H.264 §7.3.2.1.1), best effort: 0 when unusual. */
    private void spsSize(byte[] s) {
        try {
            var r = new BitReader(rbsp(s));
            r.bits(8);
            int profile = r.bits(8);
            r.bits(16);
            r.ue();
            if (profile == 100 || profile == 110 || profile == 122 || profile == 244 || profile == 44 || profile == 83
                    || profile == 86 || profile == 118 || profile == 128) {
                int chroma = r.ue();
                if (chroma == 3) {
                    r.bits(1);
                }
                r.ue();
                r.ue();
                r.bits(1);
                if (r.bits(1) == 1) {
                    return; // scaling matrices: leave the size to the decoder
                }
            }
            r.ue();
            int pocType = r.ue();
            if (pocType == 0) {
                r.ue();
            } else if (pocType == 1) {
                r.bits(1);
                r.se();
                r.se();
                int n = r.ue();
                for (int i = 0; i < n; i++) {
                    r.se();
                }
            }
            r.ue();
            r.bits(1);
            int w = (r.ue() + 1) * 16;
            int mapUnits = r.ue() + 1;
            int frameMbsOnly = r.bits(1);
            int h = (2 - frameMbsOnly) * mapUnits * 16;
            if (frameMbsOnly == 0) {
                r.bits(1);
            }
            r.bits(1);
            if (r.bits(1) == 1) {
                int left = r.ue();
                int right = r.ue();
                int top = r.ue();
                int bottom = r.ue();
                w -= 2 * (left + right);
                h -= 2 * (2 - frameMbsOnly) * (top + bottom);
            }
            width = w;
            height = h;
        } catch (RuntimeException e) {
            // a truncated SPS: the decoder still knows the size
        }
    }

    /** Removes emulation-prevention bytes (00 00 03). */
    private static byte[] rbsp(byte[] s) {
        var out = new ByteArrayOutputStream(s.length);
        int zeros = 0;
        for (byte b : s) {
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            out.write(b);
        }
        return out.toByteArray();
    }

    private static final class BitReader {
        private final byte[] d;
        private int bit;

        BitReader(byte[] d) {
            this.d = d;
        }

        int bits(int n) {
            int v = 0;
            for (int i = 0; i < n; i++) {
                if (bit >= d.length * 8) {
                    throw new IllegalStateException("end of SPS");
                }
                v = (v << 1) | ((d[bit >>> 3] >>> (7 - (bit & 7))) & 1);
                bit++;
            }
            return v;
        }

        int ue() {
            int zeros = 0;
            while (bits(1) == 0) {
                if (++zeros > 31) {
                    throw new IllegalStateException("bad exp-Golomb code");
                }
            }
            return (1 << zeros) - 1 + bits(zeros);
        }

        int se() {
            int v = ue();
            return (v & 1) == 1 ? (v + 1) / 2 : -(v / 2);
        }
    }
}
