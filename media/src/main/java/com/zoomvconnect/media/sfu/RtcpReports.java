package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.rtcp.RtcpPacket;
import com.zoomvconnect.media.rtcp.RtcpWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The SFU's periodic RTCP: receiver reports and REMB to publishers (their congestion control
 * needs loss and a bandwidth ceiling), sender reports to subscribers translated from the
 * publishers' (so the browser can lip-sync audio and video), and keyframe retries for
 * down-tracks still waiting for one.
 */
final class RtcpReports {
    private static final long REPORT_INTERVAL = 1_000_000_000L;

    private final Sfu sfu;
    private final byte[] buf = new byte[1500];
    private long lastReport;

    RtcpReports(Sfu sfu) {
        this.sfu = sfu;
    }

    void tick(long now) {
        for (SfuRoom room : sfu.rooms()) {
            room.tick(now);
        }
        for (SfuRoom room : sfu.rooms()) {
            for (SfuParticipant p : room.participants()) {
                for (DownTrack d : p.downTracks()) {
                    // Retry keyframe requests for subscribers waiting to start or to change layer.
                    if (d.wantsKeyframe()) {
                        sfu.forwarder().requestKeyframe(d, now);
                    }
                }
            }
        }
        if (now - lastReport < REPORT_INTERVAL) {
            return;
        }
        lastReport = now;
        for (SfuRoom room : sfu.rooms()) {
            for (SfuParticipant p : room.participants()) {
                reportToPublisher(p);
                reportToSubscriber(p, now);
            }
        }
    }

    private final byte[] feedbackBuf = new byte[1500];

    /** Sends each publisher the transport-wide feedback for what arrived since the last round. */
    void transportFeedback() {
        for (SfuRoom room : sfu.rooms()) {
            for (SfuParticipant p : room.participants()) {
                PeerTransport t = p.publishTransport();
                if (t == null || !t.isReady() || p.streams.transportCcExtId() == 0) {
                    continue;
                }
                long media = 0;
                for (UpTrack up : p.upTracks()) {
                    if (up.encodings[0].hasSsrc()) {
                        media = up.encodings[0].ssrc();
                        break;
                    }
                }
                int n;
                // Room for the SRTCP trailer; a busy round sends several compounds.
                while ((n = p.streams.transportCc.drain(feedbackBuf, 0, 1200, Forwarder.SFU_SSRC, media)) > 0) {
                    if (t.sendRtcp(feedbackBuf, 0, n)) {
                        sfu.counters().transportFeedback.increment();
                    }
                }
            }
        }
    }

    private void reportToPublisher(SfuParticipant p) {
        PeerTransport t = p.publishTransport();
        if (t == null || !t.isReady()) {
            return;
        }
        List<RtcpPacket.ReportBlock> blocks = new ArrayList<>();
        List<Long> video = new ArrayList<>();
        for (UpTrack track : p.upTracks()) {
            for (Encoding enc : track.encodings) {
                if (enc.receiving) {
                    blocks.add(reportBlock(enc));
                    if (track.isVideo()) {
                        video.add(enc.ssrc());
                    }
                }
            }
        }
        if (blocks.isEmpty()) {
            return;
        }
        int n = RtcpWriter.receiverReport(buf, 0, Forwarder.SFU_SSRC, blocks);
        if (!video.isEmpty()) {
            n += RtcpWriter.remb(buf, n, Forwarder.SFU_SSRC, sfu.config().maxVideoBitrate(), video);
        }
        t.sendRtcp(buf, 0, n);
    }

    /** RFC 3550 §6.4.1 report block for one received stream; advances its interval counters. */
    private static RtcpPacket.ReportBlock reportBlock(Encoding up) {
        long expected = up.extendedMax() - up.baseSeq + 1;
        long lost = Math.max(0, expected - up.received);
        long expectedInterval = expected - up.expectedPrior;
        long receivedInterval = up.received - up.receivedPrior;
        up.expectedPrior = expected;
        up.receivedPrior = up.received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long lsr = (up.srNtp >>> 16) & 0xffffffffL;
        long dlsr = up.srArrivalNanos == 0 ? 0 : ((System.nanoTime() - up.srArrivalNanos) * 65536L) / 1_000_000_000L;
        return new RtcpPacket.ReportBlock(up.ssrc(), Math.min(255, fraction), (int) Math.min(lost, 0x7FFFFF),
                up.extendedMax() & 0xffffffffL, 0, up.srArrivalNanos == 0 ? 0 : lsr, up.srArrivalNanos == 0 ? 0 : dlsr);
    }

    private void reportToSubscriber(SfuParticipant p, long now) {
        PeerTransport t = p.subscribe;
        if (!t.isReady()) {
            return;
        }
        for (DownTrack d : p.downTracks()) {
            if (!d.isActive()) {
                continue;
            }
            int n;
            synchronized (d) {
                // The sender report of the layer forwarded now, mapped into the subscriber's timeline.
                Encoding up = d.forwardedEncoding();
                if (up == null || d.packetsSent() == 0) {
                    continue;
                }
                if (up.srArrivalNanos == 0) {
                    continue;
                }
                long elapsed = now - up.srArrivalNanos;
                long ntp = up.srNtp + (elapsed << 32) / 1_000_000_000L;
                long rtp = up.srRtp + elapsed * d.source.codec.clockRate() / 1_000_000_000L;
                n = RtcpWriter.senderReport(buf, 0, d.ssrc, ntp, d.mapTimestamp(rtp & 0xffffffffL),
                        d.packetsSent(), d.octetsSent());
            }
            t.sendRtcp(buf, 0, n);
        }
    }
}
