package com.zoomvconnect.media.rtp;

/**
 * Allocation-free access to RTP packets in a buffer (RFC 3550 §5.1, RFC 8285 header
 * extensions). Every reader tolerates hostile input: {@link #headerLength} returns -1 for
 * anything that is not a complete RTP header, and callers check it first.
 */
public final class RtpPacket {
    public static final int FIXED_HEADER = 12;

    private RtpPacket() {
    }

    /** Header length including CSRCs and extension, or -1 if not a valid RTP header within {@code len}. */
    public static int headerLength(byte[] b, int off, int len) {
        if (len < FIXED_HEADER || (b[off] & 0xC0) != 0x80) {
            return -1;
        }
        int h = FIXED_HEADER + 4 * (b[off] & 0x0F);
        if ((b[off] & 0x10) != 0) {
            if (len < h + 4) {
                return -1;
            }
            h += 4 + 4 * u16(b, off + h + 2);
        }
        return h <= len ? h : -1;
    }

    /** Payload length without padding (RFC 3550 §5.1 P bit), or -1 if the padding is invalid. */
    public static int payloadLength(byte[] b, int off, int len, int headerLength) {
        int p = len - headerLength;
        if ((b[off] & 0x20) != 0) {
            if (p <= 0) {
                return -1;
            }
            int pad = b[off + len - 1] & 0xff;
            if (pad == 0 || pad > p) {
                return -1;
            }
            p -= pad;
        }
        return p;
    }

    public static int payloadType(byte[] b, int off) {
        return b[off + 1] & 0x7F;
    }

    public static boolean marker(byte[] b, int off) {
        return (b[off + 1] & 0x80) != 0;
    }

    public static int sequence(byte[] b, int off) {
        return u16(b, off + 2);
    }

    public static long timestamp(byte[] b, int off) {
        return u32(b, off + 4);
    }

    public static long ssrc(byte[] b, int off) {
        return u32(b, off + 8);
    }

    public static void setPayloadType(byte[] b, int off, int pt) {
        b[off + 1] = (byte) ((b[off + 1] & 0x80) | (pt & 0x7F));
    }

    public static void setSequence(byte[] b, int off, int seq) {
        b[off + 2] = (byte) (seq >>> 8);
        b[off + 3] = (byte) seq;
    }

    public static void setTimestamp(byte[] b, int off, long ts) {
        writeU32(b, off + 4, ts);
    }

    public static void setSsrc(byte[] b, int off, long ssrc) {
        writeU32(b, off + 8, ssrc);
    }

    /**
     * Removes the header extension (and its X bit) in place, shifting the payload down; returns
     * the new packet length. Subscribers get no extensions they did not negotiate.
     */
    public static int stripExtension(byte[] b, int off, int len) {
        if ((b[off] & 0x10) == 0) {
            return len;
        }
        int extStart = FIXED_HEADER + 4 * (b[off] & 0x0F);
        int extLen = 4 + 4 * u16(b, off + extStart + 2);
        System.arraycopy(b, off + extStart + extLen, b, off + extStart, len - extStart - extLen);
        b[off] &= (byte) ~0x10;
        return len - extLen;
    }

    /**
     * The value of an RFC 8285 extension holding an SDES item as text (mid, rid, repaired-rid,
     * RFC 8843/8852), or null if absent, empty or not printable ASCII.
     */
    public static String extensionString(byte[] b, int off, int len, int id) {
        long ext = findExtension(b, off, len, id);
        if (ext < 0) {
            return null;
        }
        int p = (int) (ext >>> 8);
        int n = (int) (ext & 0xff);
        while (n > 0 && b[p + n - 1] == 0) {
            n--; // trailing padding inside the element
        }
        if (n == 0) {
            return null;
        }
        for (int k = 0; k < n; k++) {
            if (b[p + k] < 0x21 || b[p + k] > 0x7e) {
                return null;
            }
        }
        return new String(b, p, n, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Finds header extension element {@code id} (one-byte 0xBEDE or two-byte 0x100X profile,
     * RFC 8285 §4); returns {@code (offset << 8) | length} of its data, or -1.
     */
    public static long findExtension(byte[] b, int off, int len, int id) {
        if ((b[off] & 0x10) == 0 || id <= 0) {
            return -1;
        }
        int extStart = off + FIXED_HEADER + 4 * (b[off] & 0x0F);
        if (extStart + 4 > off + len) {
            return -1;
        }
        int profile = u16(b, extStart);
        int end = extStart + 4 + 4 * u16(b, extStart + 2);
        if (end > off + len) {
            return -1;
        }
        int p = extStart + 4;
        if (profile == 0xBEDE) {
            while (p < end) {
                int h = b[p] & 0xff;
                if (h == 0) {
                    p++;
                    continue;
                }
                int eid = h >>> 4;
                int elen = (h & 0x0F) + 1;
                if (eid == 15) {
                    return -1;
                }
                if (p + 1 + elen > end) {
                    return -1;
                }
                if (eid == id) {
                    return ((long) (p + 1) << 8) | elen;
                }
                p += 1 + elen;
            }
        } else if ((profile & 0xFFF0) == 0x1000) {
            while (p < end) {
                int eid = b[p] & 0xff;
                if (eid == 0) {
                    p++;
                    continue;
                }
                if (p + 2 > end) {
                    return -1;
                }
                int elen = b[p + 1] & 0xff;
                if (p + 2 + elen > end) {
                    return -1;
                }
                if (eid == id) {
                    return ((long) (p + 2) << 8) | elen;
                }
                p += 2 + elen;
            }
        }
        return -1;
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    static void writeU32(byte[] b, int i, long v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
