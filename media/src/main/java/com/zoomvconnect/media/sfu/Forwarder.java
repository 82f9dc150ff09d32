package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.bwe.TransportFeedback;
import com.zoomvconnect.media.rtcp.RtcpPacket;
import com.zoomvconnect.media.rtcp.RtcpParser;
import com.zoomvconnect.media.rtcp.RtcpWriter;
import com.zoomvconnect.media.rtp.Keyframes;
import com.zoomvconnect.media.rtp.RtpPacket;
import com.zoomvconnect.media.srtp.SrtpContext;
import java.util.List;

/**
 * The packet path. Decrypted RTP from a publisher runs through the receive stages of
 * {@link #onRtp} in order, then each down-track decides drop or forward ({@link DownTrack#decide})
 * and rewrites its copy; RTCP from subscribers turns into keyframe requests upstream and
 * retransmissions from the cache under the same decisions. Every stage counts what it does; no
 * locks are held across I/O; buffers are per thread.
 *
 * <p>It runs on every media worker at once, each worker carrying the publishers whose packets
 * its socket receives. A fan-out of {@link #SHARE_FAN_OUT_AT} or more down-tracks is shared out
 * ({@link SharedFanOut}): its down-tracks are in groups, each packet, copied, is queued in every
 * group, and the receiving worker and the fan-out helpers (one fewer than the workers; with
 * {@code media.sendbatch} the other workers themselves, {@link FanOutHelpers}) run whichever group is
 * ready next, so a late thread delays one group, not a fixed share. A group runs on one thread at a
 * time, its packets in order, so every subscriber still gets a publisher's packets in order.
 */
final class Forwarder implements AutoCloseable {
    static final long SFU_SSRC = 1;
    /** Down-tracks from which one packet's copies are shared out among threads. */
    static final int SHARE_FAN_OUT_AT = 64;
    /**
     * How old a packet queued in a fan-out group may be when a thread gets to it. The queues hold seconds of a large
     * fan-out's packets; an overloaded machine would otherwise deliver them ever later (measured: in-SFU
     * delay beyond the 50 ms the histogram shows, at 900 subscribers on 2 cores, with no loss counted). A group's packet past this age is
     * dropped and counted, so overload shows as loss, which receivers repair or conceal, not as delay.
     */
    static final long MAX_SHARE_AGE_NANOS = 100_000_000L;
    /** {@link #MAX_SHARE_AGE_NANOS}; tests of ordering under concurrency lift it. */
    volatile long maxShareAgeNanos = MAX_SHARE_AGE_NANOS;
    private static final long KEYFRAME_REQUEST_INTERVAL = 300_000_000L;
    private static final int BUF = 1500 + SrtpContext.MAX_OVERHEAD + 64;

    private final SfuCounters counters;
    /** The threads beside the receiving one that run shared fan-outs; none with one worker. */
    private final FanOutHelpers helpers;
    /** Fan-outs of {@link #SHARE_FAN_OUT_AT} or more, once there are helpers. */
    private final SharedFanOut shared;
    private final ForwardingDelay delay = new ForwardingDelay();
    private final Prober prober;
    private final ThreadLocal<byte[]> scratch = ThreadLocal.withInitial(() -> new byte[BUF]);
    private final ThreadLocal<byte[]> rtcpScratch = ThreadLocal.withInitial(() -> new byte[BUF]);
    private final ThreadLocal<RtcpParser> parsers = ThreadLocal.withInitial(RtcpParser::new);
    private final ThreadLocal<ReceivedPacket> packets = ThreadLocal.withInitial(ReceivedPacket::new);

    /** With {@code workers - 1} fan-out helper threads of its own. */
    Forwarder(SfuCounters counters, int workers) {
        this(counters, FanOutHelpers.threads(workers - 1));
    }

    Forwarder(SfuCounters counters, FanOutHelpers helpers) {
        this.counters = counters;
        this.prober = new Prober(counters);
        this.helpers = helpers;
        this.shared = new SharedFanOut(helpers, counters, scratch, () -> maxShareAgeNanos);
    }

    @Override
    public void close() {
        prober.close();
        helpers.close();
    }

    /** An RTP packet from a publisher, already decrypted in {@code buf}. */
    void onRtp(PeerTransport from, byte[] buf, int off, int len, long now) {
        ReceivedPacket p = packets.get();
        if (!p.parseHeader(buf, off, len)) {
            counters.dropMalformedRtp.increment();
            return;
        }
        recordTransportCc(from.owner, p, now);
        Encoding enc = from.owner.streams.encodingFor(p);
        if (enc == null) {
            counters.dropUnknownSsrc.increment();
        } else if (!p.parsePayload()) {
            counters.dropMalformedRtp.increment();
        } else {
            receive(enc, p, now);
        }
    }

    /** The receive stages after the packet's SSRC is bound to an encoding; each may end the packet's way. */
    void receive(Encoding enc, ReceivedPacket p, long now) {
        p.layer = enc.layer;
        if (!unwrapRtx(enc, p)) {
            return;
        }
        receiveStats(enc, p, now);
        if (!cache(enc, p)) {
            return;
        }
        audioLevel(enc.track, p, now);
        recordingTap(enc.track, p, now);
        fanOut(enc, p, now);
    }

    /**
     * Stage 1, transport-wide congestion control: every packet on the publish connection —
     * probes, retransmissions and packets of unknown SSRCs included — feeds the publisher's
     * estimate (draft-holmer-rmcat-transport-wide-cc-extensions), so it runs before anything drops.
     */
    private void recordTransportCc(SfuParticipant publisher, ReceivedPacket p, long now) {
        if (publisher.streams.recordTransportCc(p.buf, p.off, p.len, now)) {
            counters.transportCcRecorded.increment();
        }
    }

    /**
     * Stage 2, RTX (RFC 4588 §4): a retransmission carries the original sequence number first;
     * restore the original packet. Padding-only probes on the RTX stream end here.
     */
    private boolean unwrapRtx(Encoding enc, ReceivedPacket p) {
        if (!enc.isRtx(p.ssrc)) {
            return true;
        }
        if (p.payload < 2) {
            counters.dropPadding.increment(); // bandwidth probe: padding only
            return false;
        }
        byte[] buf = p.buf;
        int off = p.off;
        int hdr = p.header;
        int osn = ((buf[off + hdr] & 0xff) << 8) | (buf[off + hdr + 1] & 0xff);
        int padding = p.len - hdr - p.payload;
        System.arraycopy(buf, off + hdr + 2, buf, off + hdr, p.len - hdr - 2);
        p.len -= 2;
        if (padding > 0) {
            p.len -= padding;
            buf[off] &= (byte) ~0x20;
        }
        RtpPacket.setSequence(buf, off, osn);
        RtpPacket.setSsrc(buf, off, enc.ssrc());
        RtpPacket.setPayloadType(buf, off, enc.track.codec.payloadType());
        p.payload -= 2;
        p.ssrc = enc.ssrc();
        p.readSequence();
        counters.rtxUnwrapped.increment();
        return true;
    }

    /** Stage 3, receive statistics for receiver reports (RFC 3550 §A.3) and our own NACKs upstream. */
    private void receiveStats(Encoding enc, ReceivedPacket p, long now) {
        counters.rtpIn.increment();
        counters.rtpBytesIn.add(p.len);
        counters.rtpExpected.add(enc.countReceived(p.seq, p.timestamp, p.payload, now));
        if (enc.track.isVideo()) {
            enc.nacks.received(p.seq, now);
            if (enc.nackCheckDue(now)) {
                sendNacks(enc, now);
            }
        }
    }

    /**
     * Stage 4, the packet cache that answers subscribers' NACKs. A padding-only probe ends here:
     * it is not forwarded, and subscribers' numbering closes the gap it leaves.
     */
    private boolean cache(Encoding enc, ReceivedPacket p) {
        if (p.payload == 0) {
            counters.dropPadding.increment();
            int layer = p.layer;
            int seq = p.seq;
            long ts = p.timestamp;
            UpTrack up = enc.track;
            if (helpers.count() > 0 && up.fanOutShared) { // in order with the groups' queued packets
                shared.submit(up, new SharedFanOut.Job() {
                    @Override
                    public void run(DownTrack d, byte[] out) {
                        d.skipPadding(layer, seq, ts);
                    }

                    @Override
                    public long readAt() {
                        return Long.MAX_VALUE; // however late: the numbering of what follows depends on it
                    }
                });
            } else {
                for (DownTrack d : up.downs) {
                    d.skipPadding(layer, seq, ts);
                }
            }
            return false;
        }
        enc.cache.put(p.seq, p.buf, p.off, p.len);
        counters.cached.increment();
        return true;
    }

    /** Stage 5, the publisher's loudness from the RFC 6464 audio-level extension (dominant speaker). */
    private void audioLevel(UpTrack up, ReceivedPacket p, long now) {
        if (up.audioLevelExtId <= 0) {
            return;
        }
        long ext = RtpPacket.findExtension(p.buf, p.off, p.len, up.audioLevelExtId);
        if (ext >= 0 && (ext & 0xff) >= 1) {
            up.level.update(p.buf[(int) (ext >>> 8)] & 0x7F, now);
            counters.audioLevels.increment();
        }
    }

    /** Stage 6, recording: every layer and all audio (last-N suppression is about forwarding), unless blocked. */
    private void recordingTap(UpTrack up, ReceivedPacket p, long now) {
        RecordingTap.TrackSink sink = up.recordingSink();
        if (sink != null) {
            sink.onRtp(p.buf, p.off, p.len, p.layer, now);
            counters.recorded.increment();
        }
    }

    /**
     * Stage 7, fan-out: a held-back track (blocked or suppressed) ends here, counted; otherwise
     * each down-track decides, and a forwarded copy is rewritten and sent.
     */
    private void fanOut(Encoding enc, ReceivedPacket p, long now) {
        UpTrack up = enc.track;
        if (!up.forwardable()) {
            counters.dropHeldBack.increment();
            return;
        }
        p.keyframe = up.isVideo() && Keyframes.isKeyframe(up.codec.name(), p.buf, p.payloadOffset(), p.payload);
        if (p.keyframe) {
            enc.keyframeArrived(now);
        }
        counters.fannedOut.increment();
        if (helpers.count() > 0 && (up.fanOutShared || up.downs.size() >= SHARE_FAN_OUT_AT)) {
            up.fanOutShared = true;
            ReceivedPacket copy = p.copy();
            shared.submit(up, new SharedFanOut.Job() {
                @Override
                public void run(DownTrack d, byte[] out) {
                    forward(d, copy, now, out);
                }

                @Override
                public long readAt() {
                    return now;
                }
            });
            return;
        }
        // The thread's scratch array once per packet, not per copy: a thread-local lookup per copy was an eighth of a
        // media worker's samples at a fan-out of 900 (docs/performance.md, "Where a copy's time goes").
        byte[] out = scratch.get();
        for (DownTrack d : up.downs) {
            forward(d, p, now, out);
        }
    }

    /** One down-track's copy of {@code p}, rewritten in {@code out} (the calling thread's scratch array) and sent. */
    private void forward(DownTrack d, ReceivedPacket p, long now, byte[] out) {
        PeerTransport t = d.subscriber.subscribe;
        if (d.isFlowing() && !t.isReady()) {
            counters.drop(DropReason.NOT_CONNECTED);
            return;
        }
        int n = 0;
        DropReason dropped;
        boolean keyframeNeeded;
        synchronized (d) {
            ForwardDecision decision = d.decide(p, now);
            dropped = decision.reason();
            keyframeNeeded = decision.keyframeNeeded();
            if (decision.forwards()) {
                if (decision.switched()) {
                    counters.layerSwitches.increment();
                }
                System.arraycopy(p.buf, p.off, out, 0, p.len);
                n = d.write(decision, out, p.len, now);
            }
        }
        if (dropped != null) {
            counters.drop(dropped);
            if (keyframeNeeded) {
                requestKeyframe(d.targetEncoding(), now);
            }
        } else if (t.sendRtp(out, 0, n)) {
            counters.rtpOut.increment();
            counters.rtpBytesOut.add(n);
            delay.record(System.nanoTime() - now);
        }
    }

    /** Bandwidth probes towards subscribers (the allocator starts them). */
    Prober prober() {
        return prober;
    }

    ForwardingDelay delay() {
        return delay;
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
                case RtcpPacket.SenderReport sr -> senderReport(from.owner, sr, now);
                case RtcpPacket.Pli pli -> keyframeFor(from, pli.mediaSsrc(), now);
                case RtcpPacket.Fir fir -> fir.mediaSsrcs().forEach(s -> keyframeFor(from, s, now));
                case RtcpPacket.Nack nack -> retransmit(from, nack, now);
                default -> {
                    // RR, REMB, SDES, BYE, transport-cc: not needed for forwarding yet
                }
            }
        }
    }

    private static void senderReport(SfuParticipant publisher, RtcpPacket.SenderReport sr, long now) {
        Encoding enc = publisher.streams.encoding(sr.ssrc());
        if (enc == null) {
            return;
        }
        enc.senderReport(sr.ntpTimestamp(), sr.rtpTimestamp(), now);
        RecordingTap.TrackSink sink = enc.track.sink();
        if (sink != null && enc.isBoundTo(sr.ssrc())) { // not the RTX stream's
            sink.onSenderReport(enc.layer, sr.ntpTimestamp(), sr.rtpTimestamp());
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
                var fb = TransportFeedback.parse(buf, p, plen);
                if (fb != null) {
                    subscriber.downlink().onFeedback(fb, now);
                    counters.transportFeedbackIn.increment();
                } else {
                    counters.dropMalformedRtcp.increment();
                }
            }
            p += plen;
        }
    }

    private void keyframeFor(PeerTransport from, long downSsrc, long now) {
        DownTrack d = from.owner.downTrack(downSsrc);
        if (d != null) {
            requestKeyframe(d, now);
        }
    }

    /** A keyframe of the layer this down-track is heading for. */
    void requestKeyframe(DownTrack d, long now) {
        requestKeyframe(d.targetEncoding(), now);
    }

    /** Keyframes on every layer of a track (it resumes for all its subscribers). */
    void requestKeyframes(UpTrack up, long now) {
        for (Encoding e : up.encodings) {
            requestKeyframe(e, now);
        }
    }

    /** Asks the publisher for a keyframe (PLI, RFC 4585 §6.3.1), at most every 300 ms per encoding. */
    void requestKeyframe(Encoding enc, long now) {
        if (!enc.track.isVideo() || !enc.hasSsrc()) {
            return;
        }
        PeerTransport t = enc.track.publisher.publishTransport();
        if (t == null || !t.isReady() || !enc.keyframeRequestDue(now, KEYFRAME_REQUEST_INTERVAL)) {
            return;
        }
        byte[] b = rtcpScratch.get();
        int n = RtcpWriter.pli(b, 0, SFU_SSRC, enc.ssrc());
        if (t.sendRtcp(b, 0, n)) {
            counters.keyframeRequests.increment();
        }
    }

    /** A subscriber's NACK (RFC 4585 §6.2.1): resend from the cache exactly what it missed. */
    private void retransmit(PeerTransport from, RtcpPacket.Nack nack, long now) {
        DownTrack d = from.owner.downTrack(nack.mediaSsrc());
        if (d == null || !d.isActive()) {
            return;
        }
        PeerTransport t = d.subscriber.subscribe;
        byte[] out = scratch.get();
        for (int outSeq : nack.sequences()) {
            int n = -1;
            DropReason dropped;
            synchronized (d) {
                ForwardDecision decision = d.decideRetransmit(outSeq);
                dropped = decision.reason();
                if (decision.forwards()) {
                    int len = d.cacheFor(decision.layer()).get(decision.sourceSeq(), out, 0);
                    if (len == PacketCache.NOT_CACHED) {
                        dropped = DropReason.NOT_CACHED;
                    } else {
                        n = d.write(decision, out, len, now);
                    }
                }
            }
            if (dropped != null) {
                counters.drop(dropped);
            } else if (t.sendRtp(out, 0, n)) {
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
        int len = RtcpWriter.nack(b, 0, SFU_SSRC, enc.ssrc(), enc.nackScratch, n);
        if (t.sendRtcp(b, 0, len)) {
            counters.nacksSent.increment();
        }
    }
}
