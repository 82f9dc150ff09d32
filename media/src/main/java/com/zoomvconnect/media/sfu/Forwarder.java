package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.bwe.TransportFeedbackRecorder;
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
    private final ForwardingDelay delay = new ForwardingDelay();
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
        int twcc = from.owner.transportCcExtId;
        if (twcc > 0) {
            // Every packet on the publish connection, probes and retransmissions included, feeds
            // the publisher's congestion control (draft-holmer-rmcat-transport-wide-cc-extensions).
            long ext = RtpPacket.findExtension(buf, off, len, twcc);
            if (ext >= 0 && (ext & 0xff) >= 2) {
                from.owner.transportCc.record(TransportFeedbackRecorder.sequence(buf, ext), now / 1000);
            }
        }
        long ssrc = RtpPacket.ssrc(buf, off);
        Encoding enc = from.owner.upBySsrc.get(ssrc);
        if (enc == null) {
            // Simulcast layers are announced by rid, not SSRC: bind on the first packet (RFC 8852).
            enc = from.owner.learnSsrc(buf, off, len, ssrc);
            if (enc == null) {
                counters.dropUnknownSsrc.increment();
                return;
            }
        }
        UpTrack up = enc.track;
        int payload = RtpPacket.payloadLength(buf, off, len, hdr);
        if (payload < 0) {
            counters.dropMalformedRtp.increment();
            return;
        }
        if (ssrc == enc.rtxSsrc) {
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
            RtpPacket.setSsrc(buf, off, enc.ssrc);
            RtpPacket.setPayloadType(buf, off, up.codec.payloadType());
            payload -= 2;
        }
        counters.rtpIn.increment();
        enc.receiving = true;
        int seq = RtpPacket.sequence(buf, off);
        long ts = RtpPacket.timestamp(buf, off);
        enc.countReceived(seq, payload, now);
        if (up.isVideo()) {
            enc.nacks.received(seq, now);
            if (now - enc.lastNackCheckNanos > 20_000_000L) {
                enc.lastNackCheckNanos = now;
                sendNacks(enc, now);
            }
        }
        if (payload == 0) {
            // Padding-only probe: not forwarded; subscribers' numbering closes the gap.
            counters.dropPadding.increment();
            for (DownTrack d : up.downs) {
                synchronized (d) {
                    if (d.currentLayer == enc.layer && d.rewriter.started() && d.rewriter.rewrite(seq, ts)) {
                        d.rewriter.skip(seq);
                    }
                }
            }
            return;
        }
        enc.cache.put(seq, buf, off, len);
        if (up.audioLevelExtId > 0) {
            long ext = RtpPacket.findExtension(buf, off, len, up.audioLevelExtId);
            if (ext >= 0 && (ext & 0xff) >= 1) {
                up.level.update(buf[(int) (ext >>> 8)] & 0x7F, now);
            }
        }
        RecordingTap.TrackSink sink = up.sink;
        if (sink != null && !up.blocked) {
            // Recording takes every layer and all audio (last-N suppression is about forwarding).
            sink.onRtp(buf, off, len, enc.layer, now);
        }
        if (up.blocked || up.suppressed) {
            return;
        }
        boolean keyframe = up.isVideo() && Keyframes.isKeyframe(up.codec.name(), buf, off + hdr, payload);
        if (keyframe) {
            enc.lastKeyframeNanos = now;
        }
        for (DownTrack d : up.downs) {
            forward(d, enc, buf, off, len, seq, ts, keyframe, now);
        }
    }

    private void forward(DownTrack d, Encoding enc, byte[] buf, int off, int len, int seq, long ts, boolean keyframe,
                         long now) {
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
            if (enc.layer != d.currentLayer) {
                // Another layer: switch to it only if it is the target, and only at its keyframe.
                if (enc.layer != d.targetLayer) {
                    return;
                }
                if (!keyframe && d.source.isVideo()) {
                    requestKeyframe(enc, now);
                    return;
                }
                if (d.rewriter.started()) {
                    d.rewriter.switchSource(timestampGap(d, now));
                    if (d.vp8 != null) {
                        d.vp8.switchSource();
                    }
                    counters.layerSwitches.increment();
                }
                d.currentLayer = enc.layer;
                d.waitingKeyframe = false;
                d.resync = false;
            } else if (d.waitingKeyframe) {
                if (!keyframe) {
                    requestKeyframe(enc, now);
                    return;
                }
                if (d.rewriter.started()) {
                    d.rewriter.switchSource(timestampGap(d, now));
                    if (d.vp8 != null) {
                        d.vp8.switchSource();
                    }
                }
                d.waitingKeyframe = false;
                d.resync = false;
            }
            if (d.resync) {
                d.resync = false;
                if (d.rewriter.started()) {
                    d.rewriter.switchSource(timestampGap(d, now));
                }
            }
            if (!d.rewriter.rewrite(seq, ts)) {
                return;
            }
            if (d.vp8 != null && d.maxTemporal < 2 && !keyframe) {
                // Frame-rate step-down: drop frames above the temporal layer this subscriber can take;
                // its numbering closes over them (they are not references for lower layers).
                int h = RtpPacket.headerLength(buf, off, len);
                int tid = Vp8PictureRewriter.temporalId(buf, off + h, len - h);
                if (tid > d.maxTemporal) {
                    d.rewriter.skip(seq);
                    counters.temporalDrops.increment();
                    return;
                }
            }
            System.arraycopy(buf, off, out, 0, len);
            n = RtpPacket.stripExtension(out, 0, len);
            if (d.vp8 != null) {
                int h = RtpPacket.FIXED_HEADER + 4 * (out[0] & 0x0F);
                d.vp8.rewrite(out, h, n - h);
            }
            n = stampTransportSequence(d.subscriber, out, n, now);
            RtpPacket.setPayloadType(out, 0, d.codec.payloadType());
            RtpPacket.setSequence(out, 0, d.rewriter.outSeq());
            RtpPacket.setTimestamp(out, 0, d.rewriter.outTs());
            RtpPacket.setSsrc(out, 0, d.ssrc);
            d.packetsSent++;
            d.octetsSent += n - RtpPacket.FIXED_HEADER;
            d.started = true;
            d.lastSentNanos = now;
        }
        if (t.sendRtp(out, 0, n)) {
            counters.rtpOut.increment();
            delay.record(System.nanoTime() - now);
        }
    }

    ForwardingDelay delay() {
        return delay;
    }

    /**
     * Gives an outgoing packet (extensions already stripped) the subscriber's next transport-wide
     * sequence number as its only header extension, and remembers when it left and how big it
     * was for the downlink estimate. Returns the new length.
     */
    private static int stampTransportSequence(SfuParticipant subscriber, byte[] out, int n, long now) {
        int id = subscriber.downTransportCcExtId;
        if (id <= 0) {
            return n;
        }
        int h = RtpPacket.FIXED_HEADER + 4 * (out[0] & 0x0F);
        System.arraycopy(out, h, out, h + 8, n - h);
        int seq = subscriber.downTransportSeq.getAndIncrement() & 0xFFFF;
        out[0] |= 0x10;
        out[h] = (byte) 0xBE;
        out[h + 1] = (byte) 0xDE;
        out[h + 2] = 0;
        out[h + 3] = 1;
        out[h + 4] = (byte) ((id << 4) | 1);
        out[h + 5] = (byte) (seq >>> 8);
        out[h + 6] = (byte) seq;
        out[h + 7] = 0;
        n += 8;
        subscriber.downlink.onSent(seq, now / 1000, n);
        return n;
    }

    /**
     * Timestamp distance between the last packet the subscriber got and the first from a new
     * source: the wall-clock time in between, so its jitter buffer keeps playing at the right pace.
     */
    private static long timestampGap(DownTrack d, long now) {
        long clock = d.source.codec.clockRate();
        long elapsed = d.lastSentNanos == 0 ? 0 : Math.min(now - d.lastSentNanos, 5_000_000_000L);
        return Math.max(1, elapsed * clock / 1_000_000_000L);
    }

    /** Decrypted RTCP from either of a participant's connections. */
    void onRtcp(PeerTransport from, byte[] buf, int off, int len, long now) {
        counters.rtcpIn.increment();
        if (from.kind == PeerTransport.Kind.SUBSCRIBE) {
            transportFeedback(from.owner, buf, off, len, now);
        }
        RtcpParser parser = parsers.get();
        int before = parser.malformed();
        List<RtcpPacket> packets = parser.parse(buf, off, len);
        if (parser.malformed() != before) {
            counters.dropMalformedRtcp.increment();
        }
        for (RtcpPacket p : packets) {
            switch (p) {
                case RtcpPacket.SenderReport sr -> {
                    Encoding enc = from.owner.upBySsrc.get(sr.ssrc());
                    if (enc != null) {
                        enc.srNtp = sr.ntpTimestamp();
                        enc.srRtp = sr.rtpTimestamp();
                        enc.srArrivalNanos = now;
                        RecordingTap.TrackSink sink = enc.track.sink;
                        if (sink != null && sr.ssrc() == enc.ssrc) { // not the RTX stream's
                            sink.onSenderReport(enc.layer, sr.ntpTimestamp(), sr.rtpTimestamp());
                        }
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

    /** Transport-wide feedback (RTPFB FMT 15) in a subscriber's compound feeds its downlink estimate. */
    private void transportFeedback(SfuParticipant subscriber, byte[] buf, int off, int len, long now) {
        int p = off;
        int end = off + len;
        while (p + 4 <= end) {
            int plen = 4 * ((((buf[p + 2] & 0xFF) << 8) | (buf[p + 3] & 0xFF)) + 1);
            if (p + plen > end) {
                return;
            }
            if ((buf[p + 1] & 0xFF) == 205 && (buf[p] & 0x1F) == 15) {
                var fb = com.zoomvconnect.media.bwe.TransportFeedback.parse(buf, p, plen);
                if (fb != null) {
                    subscriber.downlink.onFeedback(fb, now / 1000);
                    counters.transportFeedbackIn.increment();
                } else {
                    counters.dropMalformedRtcp.increment();
                }
            }
            p += plen;
        }
    }

    private void keyframeFor(PeerTransport from, long downSsrc, long now) {
        DownTrack d = from.owner.downBySsrc.get(downSsrc);
        if (d != null) {
            requestKeyframe(d, now);
        }
    }

    /** A keyframe of the layer this down-track is heading for. */
    void requestKeyframe(DownTrack d, long now) {
        Encoding[] encs = d.source.encodings;
        requestKeyframe(encs[Math.max(0, Math.min(d.targetLayer, encs.length - 1))], now);
    }

    /** Keyframes on every layer of a track (it resumes for all its subscribers). */
    void requestKeyframes(UpTrack up, long now) {
        for (Encoding e : up.encodings) {
            requestKeyframe(e, now);
        }
    }

    /** Asks the publisher for a keyframe (PLI, RFC 4585 §6.3.1), at most every 300 ms per encoding. */
    void requestKeyframe(Encoding enc, long now) {
        if (!enc.track.isVideo() || enc.ssrc < 0 || now - enc.lastKeyframeRequestNanos < KEYFRAME_REQUEST_INTERVAL) {
            return;
        }
        PeerTransport t = enc.track.publisher.publishTransport();
        if (t == null || !t.isReady()) {
            return;
        }
        enc.lastKeyframeRequestNanos = now;
        byte[] b = rtcpScratch.get();
        int n = RtcpWriter.pli(b, 0, SFU_SSRC, enc.ssrc);
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
                // Only packets of the layer forwarded now: older ones came from another SSRC's numbering.
                if (d.currentLayer < 0 || !d.rewriter.isCurrentSource(outSeq)) {
                    continue;
                }
                int inSeq = d.rewriter.toIncoming(outSeq);
                int len = d.source.encodings[d.currentLayer].cache.get(inSeq, out, 0);
                if (len < 0) {
                    continue;
                }
                n = RtpPacket.stripExtension(out, 0, len);
                if (d.vp8 != null) {
                    int h = RtpPacket.FIXED_HEADER + 4 * (out[0] & 0x0F);
                    d.vp8.map(out, h, n - h);
                }
                n = stampTransportSequence(d.subscriber, out, n, now);
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

    private void sendNacks(Encoding enc, long now) {
        int n = enc.nacks.due(now, enc.nackScratch);
        if (n == 0) {
            return;
        }
        PeerTransport t = enc.track.publisher.publishTransport();
        if (t == null) {
            return;
        }
        byte[] b = rtcpScratch.get();
        int len = RtcpWriter.nack(b, 0, SFU_SSRC, enc.ssrc, enc.nackScratch, n);
        if (t.sendRtcp(b, 0, len)) {
            counters.nacksSent.increment();
        }
    }
}
