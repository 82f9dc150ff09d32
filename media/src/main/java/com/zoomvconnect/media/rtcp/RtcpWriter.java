package com.zoomvconnect.media.rtcp;

import java.util.List;

/** Writes the RTCP packets the SFU sends, into a caller's buffer; each method returns bytes written. */
public final class RtcpWriter {
    private RtcpWriter() {
    }

    /** PLI (RFC 4585 §6.3.1). */
    public static int pli(byte[] b, int off, long senderSsrc, long mediaSsrc) {
        header(b, off, 1, 206, 2);
        u32(b, off + 4, senderSsrc);
        u32(b, off + 8, mediaSsrc);
        return 12;
    }

    /** FIR (RFC 5104 §4.3.1) with command sequence number {@code seq}. */
    public static int fir(byte[] b, int off, long senderSsrc, long mediaSsrc, int seq) {
        header(b, off, 4, 206, 4);
        u32(b, off + 4, senderSsrc);
        u32(b, off + 8, 0);
        u32(b, off + 12, mediaSsrc);
        b[off + 16] = (byte) seq;
        b[off + 17] = 0;
        b[off + 18] = 0;
        b[off + 19] = 0;
        return 20;
    }

    /** Generic NACK (RFC 4585 §6.2.1) packing {@code seqs[0..n)} into PID/BLP pairs. */
    public static int nack(byte[] b, int off, long senderSsrc, long mediaSsrc, int[] seqs, int n) {
        int p = off + 12;
        int i = 0;
        int pairs = 0;
        while (i < n && pairs < 64) {
            int pid = seqs[i++];
            int blp = 0;
            while (i < n) {
                int d = (seqs[i] - pid) & 0xffff;
                if (d < 1 || d > 16) {
                    break;
                }
                blp |= 1 << (d - 1);
                i++;
            }
            b[p] = (byte) (pid >>> 8);
            b[p + 1] = (byte) pid;
            b[p + 2] = (byte) (blp >>> 8);
            b[p + 3] = (byte) blp;
            p += 4;
            pairs++;
        }
        header(b, off, 1, 205, 2 + pairs);
        u32(b, off + 4, senderSsrc);
        u32(b, off + 8, mediaSsrc);
        return p - off;
    }

    /** REMB: the maximum bitrate we want the sender to use for {@code ssrcs}. */
    public static int remb(byte[] b, int off, long senderSsrc, long bitrate, List<Long> ssrcs) {
        int exp = 0;
        long mantissa = bitrate;
        while (mantissa > 0x3FFFF) {
            mantissa >>>= 1;
            exp++;
        }
        header(b, off, 15, 206, 4 + ssrcs.size());
        u32(b, off + 4, senderSsrc);
        u32(b, off + 8, 0);
        b[off + 12] = 'R';
        b[off + 13] = 'E';
        b[off + 14] = 'M';
        b[off + 15] = 'B';
        b[off + 16] = (byte) ssrcs.size();
        b[off + 17] = (byte) ((exp << 2) | (mantissa >>> 16));
        b[off + 18] = (byte) (mantissa >>> 8);
        b[off + 19] = (byte) mantissa;
        for (int i = 0; i < ssrcs.size(); i++) {
            u32(b, off + 20 + 4 * i, ssrcs.get(i));
        }
        return 20 + 4 * ssrcs.size();
    }

    /** SR without report blocks (RFC 3550 §6.4.1). */
    public static int senderReport(byte[] b, int off, long ssrc, long ntp, long rtpTs, long packets, long octets) {
        header(b, off, 0, 200, 6);
        u32(b, off + 4, ssrc);
        u32(b, off + 8, ntp >>> 32);
        u32(b, off + 12, ntp);
        u32(b, off + 16, rtpTs);
        u32(b, off + 20, packets);
        u32(b, off + 24, octets);
        return 28;
    }

    /** RR with report blocks. */
    public static int receiverReport(byte[] b, int off, long ssrc, List<RtcpPacket.ReportBlock> blocks) {
        int n = Math.min(31, blocks.size());
        header(b, off, n, 201, 1 + 6 * n);
        u32(b, off + 4, ssrc);
        for (int i = 0; i < n; i++) {
            var r = blocks.get(i);
            int q = off + 8 + 24 * i;
            u32(b, q, r.ssrc());
            b[q + 4] = (byte) r.fractionLost();
            int lost = Math.max(-0x800000, Math.min(0x7FFFFF, r.cumulativeLost()));
            b[q + 5] = (byte) (lost >>> 16);
            b[q + 6] = (byte) (lost >>> 8);
            b[q + 7] = (byte) lost;
            u32(b, q + 8, r.highestSeq());
            u32(b, q + 12, r.jitter());
            u32(b, q + 16, r.lastSr());
            u32(b, q + 20, r.delaySinceLastSr());
        }
        return 8 + 24 * n;
    }

    private static void header(byte[] b, int off, int count, int pt, int lengthWords) {
        b[off] = (byte) (0x80 | (count & 0x1F));
        b[off + 1] = (byte) pt;
        b[off + 2] = (byte) (lengthWords >>> 8);
        b[off + 3] = (byte) lengthWords;
    }

    private static void u32(byte[] b, int i, long v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
