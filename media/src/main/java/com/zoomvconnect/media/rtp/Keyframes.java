package com.zoomvconnect.media.rtp;

/**
 * Tells whether an RTP payload starts a keyframe, for switching or starting a video stream
 * only where the decoder can begin (DESIGN: switch layers only on a keyframe).
 */
public final class Keyframes {
    private Keyframes() {
    }

    /** {@code codec} is VP8, VP9 or H264 (case-insensitive); anything else is never a keyframe. */
    public static boolean isKeyframe(String codec, byte[] b, int off, int len) {
        if (len <= 0) {
            return false;
        }
        return switch (codec.toUpperCase(java.util.Locale.ROOT)) {
            case "VP8" -> vp8(b, off, len);
            case "VP9" -> vp9(b, off, len);
            case "H264" -> h264(b, off, len);
            default -> false;
        };
    }

    /** RFC 7741 §4.2–4.3: descriptor, then the VP8 payload header's P bit (0 = key frame). */
    static boolean vp8(byte[] b, int off, int len) {
        int d = Vp8Descriptor.length(b, off, len);
        return Vp8Descriptor.startsFrame(b, off, len) && d >= 0 && (b[off + d] & 0x01) == 0;
    }

    /** VP9 payload descriptor (RFC 9628 §4.2): P=0 (not inter-predicted) and B=1 (start of frame). */
    static boolean vp9(byte[] b, int off, int len) {
        int first = b[off] & 0xff;
        return (first & 0x40) == 0 && (first & 0x08) != 0;
    }

    /** RFC 6184: an IDR slice or SPS, alone, in a STAP-A, or starting an FU-A. */
    static boolean h264(byte[] b, int off, int len) {
        int type = b[off] & 0x1F;
        if (type == 5 || type == 7) {
            return true;
        }
        if (type == 24) { // STAP-A
            int p = off + 1;
            while (p + 2 < off + len) {
                int size = ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
                if (size == 0 || p + 2 + size > off + len) {
                    return false;
                }
                int t = b[p + 2] & 0x1F;
                if (t == 5 || t == 7) {
                    return true;
                }
                p += 2 + size;
            }
            return false;
        }
        if (type == 28 && len >= 2) { // FU-A
            int fuHeader = b[off + 1] & 0xff;
            int t = fuHeader & 0x1F;
            return (fuHeader & 0x80) != 0 && (t == 5 || t == 7);
        }
        return false;
    }
}
