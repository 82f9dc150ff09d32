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
    private static final int PID_MOD = 1 << 15;

    private boolean started;
    private boolean switchPending;
    private int pidOffset;
    private int tl0Offset;
    private int lastOutPid = -1;
    private int lastOutTl0 = -1;

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
        apply(buf, off, len, true);
    }

    /** As {@link #rewrite}, for a retransmission: maps with the current offsets, changes no state. */
    public void map(byte[] buf, int off, int len) {
        apply(buf, off, len, false);
    }

    private void apply(byte[] b, int off, int len, boolean advance) {
        if (len < 1 || (b[off] & 0x80) == 0) {
            return; // no extension byte: no picture id, nothing to keep continuous
        }
        if (len < 2) {
            return;
        }
        int x = b[off + 1] & 0xff;
        boolean hasPid = (x & 0x80) != 0;
        boolean hasTl0 = (x & 0x40) != 0;
        int p = off + 2;
        int pid = -1;
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
        int tl0 = -1;
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
            if (longPid) {
                b[p] = (byte) (0x80 | (out >>> 8));
                b[p + 1] = (byte) out;
            } else {
                out &= 0x7f;
                b[p] = (byte) out;
            }
            if (advance && (lastOutPid < 0 || newer(out, lastOutPid, longPid ? PID_MOD : 128))) {
                lastOutPid = out;
            }
        }
        if (tl0 >= 0) {
            int out = Math.floorMod(tl0 - tl0Offset, 256);
            b[tl0Pos] = (byte) out;
            if (advance && (lastOutTl0 < 0 || newer(out, lastOutTl0, 256))) {
                lastOutTl0 = out;
            }
        }
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
