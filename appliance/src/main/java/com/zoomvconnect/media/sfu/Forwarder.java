package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.rtcp.RtcpPacket;
import com.zoomvconnect.media.rtcp.RtcpParser;
import com.zoomvconnect.media.rtcp.RtcpWriter;
import com.zoomvconnect.media.rtp.Keyframes;
import com.zoomvconnect.media.rtp.RtpPacket;
import com.zoomvconnect.media.srtp.SrtpContext;
import java.util.List;

/**
 * The packet path: decrypted RTP from a publisher is cached, checked for our own losses and
 * forwarded to every down-track with rewritten SSRC, sequence number, timestamp and payload type;
 * RTCP from subscribers turns into keyframe requests upstream and retransmissions from the cache.
 * No locks are held across I/O; buffers are per thread.
 */
final class Forwarder {
    static final long SFU_SSRC = 1;
    private static final long KEYFRAME_REQUEST_INTERVAL = 300_000_000L;
    private static final int BUF = 1500 + SrtpContext.MAX_OVERHEAD + 64;

    private final SfuCounters counters;
    private final ThreadLocal<byte[]> scratch = ThreadLocal.withInitial(() -> new byte[BUF]);
    private final ThreadLocal<byte[]> rtcpScratch = ThreadLocal.withInitial(() -> new byte[BUF]);
    private final ThreadLocal<RtcpParser> parsers = ThreadLocal.withInitial(RtcpParser::new);

    Forwarder(SfuCounters counters) {
        this.counters = counters;
    }

    /** An RTP packet from a publisher, already decrypted in {@code buf}. */
    void onRtp(PeerTransport from, byte[] buf, int off, int len, long now) {
        int hdr = RtpPacket.headerLength(buf, off, len);
        if (hdr < 0) {
            counters.dropMalformedRtp.increment();
            return;
        }
        long ssrc = RtpPacket.ssrc(buf, off);
        UpTrack up = from.owner.upBySsrc.get(ssrc);
        if (up == null) {
            counters.dropUnknownSsrc.increment();
            return;
        }
        int payload = RtpPacket.payloadLength(buf, off, len, hdr);
        if (payload < 0) {
            counters.dropMalformedRtp.increment();
            return;
        }
        if (ssrc == up.rtxSsrc) {
            // RFC 4588 §4: an RTX packet carries the original sequence number first; unwrap it.
            if (payload < 2) {
                counters.dropPadding.increment(); // bandwidth probe: padding only
                return;
            }
            int osn = ((buf[off + hdr] & 0xff) << 8) | (buf[off + hdr + 1] & 0xff);
            int padding = len - hdr - payload;
            System.arraycopy(buf, off + hdr + 2, buf, off + hdr, len - hdr - 2);
            len -= 2;
            if (padding > 0) {
                len -= padding;
                buf[off] &= (byte) ~0x20;
            }
            RtpPacket.setSequence(buf, off, osn);
            RtpPacket.setSsrc(buf, off, up.ssrc);
            RtpPacket.setPayloadType(buf, off, up.codec.payloadType());
            payload -= 2;
        }
        counters.rtpIn.increment();
        up.receiving = true;
        int seq = RtpPacket.sequence(buf, off);
        long ts = RtpPacket.timestamp(buf, off);
        up.countReceived(seq);
        if (up.isVideo()) {
            up.nacks.received(seq, now);
            if (now - up.lastNackCheckNanos > 20_000_000L) {
                up.lastNackCheckNanos = now;
                sendNacks(up, now);
            }
        }
        if (payload == 0) {
            // Padding-only probe: not forwarded; subscribers' numbering closes the gap.
            counters.dropPadding.increment();
            for (DownTrack d : up.downs) {
                synchronized (d) {
                    if (d.rewriter.started() && d.rewriter.rewrite(seq, ts)) {
                        d.rewriter.skip(seq);
                    }
                }
            }
            return;
        }
        up.cache.put(seq, buf, off, len);
        if (up.audioLevelExtId > 0) {
            long ext = RtpPacket.findExtension(buf, off, len, up.audioLevelExtId);
            if (ext >= 0 && (ext & 0xff) >= 1) {
                up.level.update(buf[(int) (ext >>> 8)] & 0x7F, now);
            }
        }
        if (up.blocked || up.suppressed) {
            return;
        }
        boolean keyframe = up.isVideo() && Keyframes.isKeyframe(up.codec.name(), buf, off + hdr, payload);
        for (DownTrack d : up.downs) {
            forward(d, buf, off, len, seq, ts, keyframe, now);
        }
    }

    private void forward(DownTrack d, byte[] buf, int off, int len, int seq, long ts, boolean keyframe, long now) {
        if (!d.active || d.paused) {
            return;
        }
        PeerTransport t = d.subscriber.subscribe;
        if (!t.isReady()) {
            return;
        }
        byte[] out = scratch.get();
        int n;
        synchronized (d) {
            if (d.waitingKeyframe) {
                if (!keyframe) {
                    requestKeyframe(d.source, now);
                    return;
                }
                if (d.rewriter.started()) {
                    d.rewriter.switchSource(3000);
                }
                d.waitingKeyframe = false;
            }
            if (d.resync) {
                d.resync = false;
                if (d.rewriter.started()) {
                    d.rewriter.switchSource(d.source.isVideo() ? 3000 : 960);
                }
            }
            if (!d.rewriter.rewrite(seq, ts)) {
                return;
            }
            System.arraycopy(buf, off, out, 0, len);
            n = RtpPacket.stripExtension(out, 0, len);
            RtpPacket.setPayloadType(out, 0, d.codec.payloadType());
            RtpPacket.setSequence(out, 0, d.rewriter.outSeq());
            RtpPacket.setTimestamp(out, 0, d.rewriter.outTs());
            RtpPacket.setSsrc(out, 0, d.ssrc);
            d.packetsSent++;
            d.octetsSent += n - RtpPacket.FIXED_HEADER;
            d.started = true;
        }
        if (t.sendRtp(out, 0, n)) {
            counters.rtpOut.increment();
        }
    }

    /** Decrypted RTCP from either of a participant's connections. */
    void onRtcp(PeerTransport from, byte[] buf, int off, int len, long now) {
        counters.rtcpIn.increment();
        RtcpParser parser = parsers.get();
        int before = parser.malformed();
        List<RtcpPacket> packets = parser.parse(buf, off, len);
        if (parser.malformed() != before) {
            counters.dropMalformedRtcp.increment();
        }
        for (RtcpPacket p : packets) {
            switch (p) {
                case RtcpPacket.SenderReport sr -> {
                    UpTrack up = from.owner.upBySsrc.get(sr.ssrc());
                    if (up != null) {
                        up.srNtp = sr.ntpTimestamp();
                        up.srRtp = sr.rtpTimestamp();
                        up.srArrivalNanos = now;
                    }
                }
                case RtcpPacket.Pli pli -> keyframeFor(from, pli.mediaSsrc(), now);
                case RtcpPacket.Fir fir -> fir.mediaSsrcs().forEach(s -> keyframeFor(from, s, now));
                case RtcpPacket.Nack nack -> retransmit(from, nack, now);
                default -> {
                    // RR, REMB, SDES, BYE, transport-cc: not needed for forwarding yet
                }
            }
        }
    }

    private void keyframeFor(PeerTransport from, long downSsrc, long now) {
        DownTrack d = from.owner.downBySsrc.get(downSsrc);
        if (d != null) {
            requestKeyframe(d.source, now);
        }
    }

    /** Asks the publisher for a keyframe (PLI, RFC 4585 §6.3.1), at most every 300 ms per track. */
    void requestKeyframe(UpTrack up, long now) {
        if (!up.isVideo() || now - up.lastKeyframeRequestNanos < KEYFRAME_REQUEST_INTERVAL) {
            return;
        }
        PeerTransport t = up.publisher.publishTransport();
        if (t == null || !t.isReady()) {
            return;
        }
        up.lastKeyframeRequestNanos = now;
        byte[] b = rtcpScratch.get();
        int n = RtcpWriter.pli(b, 0, SFU_SSRC, up.ssrc);
        if (t.sendRtcp(b, 0, n)) {
            counters.keyframeRequests.increment();
        }
    }

    private void retransmit(PeerTransport from, RtcpPacket.Nack nack, long now) {
        DownTrack d = from.owner.downBySsrc.get(nack.mediaSsrc());
        if (d == null || !d.active) {
            return;
        }
        PeerTransport t = d.subscriber.subscribe;
        byte[] out = scratch.get();
        for (int outSeq : nack.sequences()) {
            int n;
            synchronized (d) {
                int inSeq = d.rewriter.toIncoming(outSeq);
                int len = d.source.cache.get(inSeq, out, 0);
                if (len < 0) {
                    continue;
                }
                n = RtpPacket.stripExtension(out, 0, len);
                RtpPacket.setPayloadType(out, 0, d.codec.payloadType());
                RtpPacket.setSequence(out, 0, outSeq);
                RtpPacket.setTimestamp(out, 0, d.rewriter.mapTimestamp(RtpPacket.timestamp(out, 0)));
                RtpPacket.setSsrc(out, 0, d.ssrc);
            }
            if (t.sendRtp(out, 0, n)) {
                counters.retransmissions.increment();
            }
        }
    }

    private void sendNacks(UpTrack up, long now) {
        int n = up.nacks.due(now, up.nackScratch);
        if (n == 0) {
            return;
        }
        PeerTransport t = up.publisher.publishTransport();
        if (t == null) {
            return;
        }
        byte[] b = rtcpScratch.get();
        int len = RtcpWriter.nack(b, 0, SFU_SSRC, up.ssrc, up.nackScratch, n);
        if (t.sendRtcp(b, 0, len)) {
            counters.nacksSent.increment();
        }
    }
}
