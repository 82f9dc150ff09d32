package com.zoomvconnect.media.sfu;

/**
 * Keeps a subscriber's VP8 picture ids and TL0PICIDX continuous across source switches (RFC 7741
 * §4.2). Each simulcast layer numbers its pictures independently; a receiver that sees the
 * picture id jump backwards at a layer switch may take the new keyframe for an old frame and
 * freeze. At a switch the next picture continues one after the last one forwarded; later
 * pictures of that source keep the same offset. Not thread-safe: used under the down-track's
 * monitor, like {@link SequenceRewriter}.
 */
public final class Vp8PictureRewriter {
    /** {@link #outPicture()}/{@link #outTl0()} of a packet that carries no such field. */
    public static final int ABSENT = -1;
    private static final int PID_MOD = 1 << 15;

    private boolean started;
    private boolean switchPending;
    private int pidOffset;
    private int tl0Offset;
    private int lastOutPid = ABSENT;
    private int lastOutTl0 = ABSENT;
    private int outPicture = ABSENT;
    private int outTl0 = ABSENT;

    /** The next packet starts a new source: its picture follows the last one forwarded. */
    public void switchSource() {
        switchPending = true;
    }

    /**
     * Rewrites the descriptor at the start of the RTP payload {@code buf[off..off+len)} in place.
     * Packets without a picture id (or too short to hold the descriptor they announce) are left
     * alone.
     */
    public void rewrite(byte[] buf, int off, int len) {
        translate(buf, off, len, true);
        write(buf, off, len, outPicture, outTl0);
    }

    /** As {@link #rewrite}, for a retransmission: maps with the current offsets, changes no state. */
    public void map(byte[] buf, int off, int len) {
        translate(buf, off, len, false);
        write(buf, off, len, outPicture, outTl0);
    }

    /**
     * Computes the outgoing picture id and TL0PICIDX of the descriptor in {@code b[off..off+len)}
     * ({@link #outPicture()}, {@link #outTl0()}) without writing them; with {@code advance} the
     * packet counts as forwarded (a pending switch takes effect, the last values move on).
     */
    public void translate(byte[] b, int off, int len, boolean advance) {
        outPicture = ABSENT;
        outTl0 = ABSENT;
        int x = extensionBits(b, off, len);
        if (x < 0) {
            return;
        }
        int p = off + 2;
        boolean hasPid = (x & 0x80) != 0;
        boolean hasTl0 = (x & 0x40) != 0;
        int pid = ABSENT;
        boolean longPid = false;
        if (hasPid) {
            if (p >= off + len) {
                return;
            }
            longPid = (b[p] & 0x80) != 0;
            if (longPid) {
                if (p + 1 >= off + len) {
                    return;
                }
                pid = ((b[p] & 0x7f) << 8) | (b[p + 1] & 0xff);
            } else {
                pid = b[p] & 0x7f;
            }
        }
        int tl0Pos = hasPid ? p + (longPid ? 2 : 1) : p;
        int tl0 = ABSENT;
        if (hasTl0) {
            if (tl0Pos >= off + len) {
                return;
            }
            tl0 = b[tl0Pos] & 0xff;
        }
        if (advance && (!started || switchPending)) {
            if (started && pid >= 0 && lastOutPid >= 0) {
                pidOffset = Math.floorMod(pid - (lastOutPid + 1), PID_MOD);
            } else {
                pidOffset = 0;
            }
            if (started && tl0 >= 0 && lastOutTl0 >= 0) {
                tl0Offset = Math.floorMod(tl0 - (lastOutTl0 + 1), 256);
            } else {
                tl0Offset = 0;
            }
            started = true;
            switchPending = false;
        }
        if (pid >= 0) {
            int out = Math.floorMod(pid - pidOffset, PID_MOD);
            if (!longPid) {
                out &= 0x7f;
            }
            outPicture = out;
            if (advance && (lastOutPid < 0 || newer(out, lastOutPid, longPid ? PID_MOD : 128))) {
                lastOutPid = out;
            }
        }
        if (tl0 >= 0) {
            int out = Math.floorMod(tl0 - tl0Offset, 256);
            outTl0 = out;
            if (advance && (lastOutTl0 < 0 || newer(out, lastOutTl0, 256))) {
                lastOutTl0 = out;
            }
        }
    }

    /** The outgoing picture id of the last {@link #translate}d packet, or {@link #ABSENT}. */
    public int outPicture() {
        return outPicture;
    }

    /** The outgoing TL0PICIDX of the last {@link #translate}d packet, or {@link #ABSENT}. */
    public int outTl0() {
        return outTl0;
    }

    /**
     * Writes a picture id and TL0PICIDX into the descriptor at {@code b[off..off+len)} where it
     * carries them (in its own 7- or 15-bit form); {@link #ABSENT} leaves a field alone.
     */
    public static void write(byte[] b, int off, int len, int pictureId, int tl0) {
        int x = extensionBits(b, off, len);
        if (x < 0) {
            return;
        }
        int p = off + 2;
        boolean longPid = false;
        if ((x & 0x80) != 0) {
            if (p >= off + len) {
                return;
            }
            longPid = (b[p] & 0x80) != 0;
            if (longPid && p + 1 >= off + len) {
                return;
            }
            if (pictureId != ABSENT) {
                if (longPid) {
                    b[p] = (byte) (0x80 | ((pictureId >>> 8) & 0x7f));
                    b[p + 1] = (byte) pictureId;
                } else {
                    b[p] = (byte) (pictureId & 0x7f);
                }
            }
            p += longPid ? 2 : 1;
        }
        if ((x & 0x40) != 0 && tl0 != ABSENT && p < off + len) {
            b[p] = (byte) tl0;
        }
    }

    /** The X byte of a descriptor with one (RFC 7741 §4.2), or -1. */
    private static int extensionBits(byte[] b, int off, int len) {
        if (len < 2 || (b[off] & 0x80) == 0) {
            return -1; // no extension byte: no picture id, nothing to keep continuous
        }
        return b[off + 1] & 0xff;
    }

    /** The temporal layer (TID, RFC 7741 §4.2) of a VP8 payload, or -1 when it carries none. */
    public static int temporalId(byte[] b, int off, int len) {
        if (len < 2 || (b[off] & 0x80) == 0) {
            return -1;
        }
        int x = b[off + 1] & 0xff;
        if ((x & 0x30) == 0) {
            return -1; // neither T nor K: no TID/KEYIDX byte
        }
        int p = off + 2;
        if ((x & 0x80) != 0) {
            if (p >= off + len) {
                return -1;
            }
            p += (b[p] & 0x80) != 0 ? 2 : 1;
        }
        if ((x & 0x40) != 0) {
            p++;
        }
        if (p >= off + len || (x & 0x20) == 0) {
            return -1;
        }
        return (b[p] & 0xff) >>> 6;
    }

    private static boolean newer(int a, int b, int mod) {
        int d = Math.floorMod(a - b, mod);
        return d != 0 && d < mod / 2;
    }
}
