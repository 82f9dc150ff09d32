package com.zoomvconnect.media.rtcp;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a compound RTCP packet. Malformed parts end the walk: what was parsed before them is
 * returned and {@link #malformed} counts the rest, so hostile input never throws.
 */
public final class RtcpParser {
    private int malformed;

    public int malformed() {
        return malformed;
    }

    public List<RtcpPacket> parse(byte[] b, int off, int len) {
        List<RtcpPacket> out = new ArrayList<>(2);
        int p = off;
        int end = off + len;
        while (p + 4 <= end) {
            int v = b[p] & 0xff;
            if ((v & 0xC0) != 0x80) {
                malformed++;
                break;
            }
            int count = v & 0x1F;
            int pt = b[p + 1] & 0xff;
            int words = u16(b, p + 2);
            int plen = 4 * (words + 1);
            if (p + plen > end) {
                malformed++;
                break;
            }
            RtcpPacket parsed = one(b, p, plen, pt, count);
            if (parsed == null) {
                malformed++;
            } else {
                out.add(parsed);
            }
            p += plen;
        }
        return out;
    }

    private static RtcpPacket one(byte[] b, int p, int len, int pt, int count) {
        switch (pt) {
            case 200 -> {
                if (len < 28 + 24 * count) {
                    return null;
                }
                return new RtcpPacket.SenderReport(u32(b, p + 4), (u32(b, p + 8) << 32) | u32(b, p + 12), u32(b, p + 16),
                        u32(b, p + 20), u32(b, p + 24), blocks(b, p + 28, count));
            }
            case 201 -> {
                if (len < 8 + 24 * count) {
                    return null;
                }
                return new RtcpPacket.ReceiverReport(u32(b, p + 4), blocks(b, p + 8, count));
            }
            case 203 -> {
                List<Long> ssrcs = new ArrayList<>();
                for (int i = 0; i < count && 8 + 4 * i <= len; i++) {
                    ssrcs.add(u32(b, p + 4 + 4 * i));
                }
                return new RtcpPacket.Bye(ssrcs);
            }
            case 205 -> {
                if (len < 12) {
                    return null;
                }
                if (count == 1) {
                    int n = (len - 12) / 4;
                    int[] seqs = new int[n * 17];
                    int k = 0;
                    for (int i = 0; i < n; i++) {
                        int pid = u16(b, p + 12 + 4 * i);
                        int blp = u16(b, p + 14 + 4 * i);
                        seqs[k++] = pid;
                        for (int bit = 0; bit < 16; bit++) {
                            if ((blp & (1 << bit)) != 0) {
                                seqs[k++] = (pid + bit + 1) & 0xffff;
                            }
                        }
                    }
                    return new RtcpPacket.Nack(u32(b, p + 4), u32(b, p + 8), java.util.Arrays.copyOf(seqs, k));
                }
                return new RtcpPacket.Other(pt, count);
            }
            case 206 -> {
                if (len < 12) {
                    return null;
                }
                long sender = u32(b, p + 4);
                long media = u32(b, p + 8);
                if (count == 1) {
                    return new RtcpPacket.Pli(sender, media);
                }
                if (count == 4) {
                    List<Long> ssrcs = new ArrayList<>();
                    for (int q = p + 12; q + 8 <= p + len; q += 8) {
                        ssrcs.add(u32(b, q));
                    }
                    return new RtcpPacket.Fir(sender, ssrcs);
                }
                if (count == 15 && len >= 20 && b[p + 12] == 'R' && b[p + 13] == 'E' && b[p + 14] == 'M' && b[p + 15] == 'B') {
                    int n = b[p + 16] & 0xff;
                    int exp = (b[p + 17] & 0xff) >>> 2;
                    long mantissa = ((long) (b[p + 17] & 0x03) << 16) | u16(b, p + 18);
                    List<Long> ssrcs = new ArrayList<>();
                    for (int i = 0; i < n && p + 20 + 4 * i + 4 <= p + len; i++) {
                        ssrcs.add(u32(b, p + 20 + 4 * i));
                    }
                    return new RtcpPacket.Remb(sender, exp > 40 ? Long.MAX_VALUE : mantissa << exp, ssrcs);
                }
                return new RtcpPacket.Other(pt, count);
            }
            default -> {
                return new RtcpPacket.Other(pt, count);
            }
        }
    }

    private static List<RtcpPacket.ReportBlock> blocks(byte[] b, int p, int count) {
        List<RtcpPacket.ReportBlock> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int q = p + 24 * i;
            int lost = ((b[q + 5] & 0xff) << 16) | ((b[q + 6] & 0xff) << 8) | (b[q + 7] & 0xff);
            if ((lost & 0x800000) != 0) {
                lost |= 0xFF000000; // signed 24-bit
            }
            out.add(new RtcpPacket.ReportBlock(u32(b, q), b[q + 4] & 0xff, lost, u32(b, q + 8), u32(b, q + 12),
                    u32(b, q + 16), u32(b, q + 20)));
        }
        return out;
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }
}
