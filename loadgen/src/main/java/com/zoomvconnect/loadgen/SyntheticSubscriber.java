package com.zoomvconnect.loadgen;

import com.zoomvconnect.media.client.ClientPeer;
import com.zoomvconnect.media.client.ClientSdp;
import com.zoomvconnect.media.client.SharedReceiver;
import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.media.rtp.RtpPacket;
import com.zoomvconnect.media.sdp.SdpParser;
import com.zoomvconnect.media.sdp.TransportParams;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A participant that only receives: answers every subscribe offer and measures what arrives. */
public final class SyntheticSubscriber implements AutoCloseable {
    private final SignalClient signal;
    private final ClientPeer peer;
    private final Map<Long, StreamStats> streams = new HashMap<>();
    private final LatencyHistogram delay;
    private volatile CompletableFuture<Void> connected;
    private volatile boolean measuring = true;
    private final boolean verify;
    private volatile boolean sink;

    private SyntheticSubscriber(String base, String code, String name, LatencyHistogram delay, boolean verify,
                                SharedReceiver receiver) {
        this.delay = delay;
        this.verify = verify;
        this.signal = SignalClient.joinAsGuest(base, code, name);
        this.peer = new ClientPeer(this::onRtp, new java.net.InetSocketAddress("127.0.0.1", 0), verify, receiver);
        signal.onMessage(this::onSignal);
    }

    public static SyntheticSubscriber start(String base, String code, String name, LatencyHistogram delay) {
        return new SyntheticSubscriber(base, code, name, delay, true, null);
    }

    /**
     * A decrypting ({@code verify}) or counting subscriber; with a {@code receiver} (else null), that
     * thread receives its packets with many others' (the load generator's large fan-outs). A counting
     * subscriber does not decrypt: packets, loss (sequence gaps), frames (marker bits) and freezes
     * come from the RTP header, which SRTP leaves in clear; no SRTP check, no delay measurement, and
     * byte counts include the SRTP tag. It lets the load generator measure fan-outs whose decryption
     * would cost it more CPU than the SFU spends forwarding them.
     */
    public static SyntheticSubscriber start(String base, String code, String name, LatencyHistogram delay, boolean verify,
                                            SharedReceiver receiver) {
        return new SyntheticSubscriber(base, code, name, delay, verify, receiver);
    }

    private void onSignal(JsonNode m) {
        if (!"subscribeOffer".equals(m.path("type").asText())) {
            return;
        }
        String offer = m.path("sdp").asText();
        String answer = ClientSdp.subscribeAnswer(offer, peer.localParams("active"));
        signal.send(SignalClient.JSON.createObjectNode().put("type", "subscribeAnswer").put("sdp", answer));
        if (connected == null) {
            TransportParams remote = TransportParams.remote(SdpParser.parse(offer));
            connected = peer.connect(remote, ClientSdp.candidates(offer));
            connected.thenRun(() -> {
                if (sink) {
                    peer.stopReceiving();
                }
            });
        }
    }

    private void onRtp(byte[] b, int off, int len, long now) {
        int hdr = RtpPacket.headerLength(b, off, len);
        if (hdr < 0 || !measuring) {
            return;
        }
        long ssrc = RtpPacket.ssrc(b, off);
        boolean video = RtpPacket.payloadType(b, off) != 111;
        StreamStats s;
        synchronized (streams) {
            s = streams.computeIfAbsent(ssrc, k -> new StreamStats(video));
        }
        if (!verify) {
            // Still encrypted: a frame is counted at its last packet (marker bit) instead of its first.
            s.add(RtpPacket.sequence(b, off), len, now, !video || RtpPacket.marker(b, off));
            return;
        }
        boolean frameStart = !video || (len > hdr + 10 && (b[off + hdr] & 0x10) != 0);
        s.add(RtpPacket.sequence(b, off), len, now, frameStart);
        int stampAt = off + hdr + (video ? 2 : 0);
        if (frameStart && stampAt + 8 <= off + len) {
            long sent = SyntheticPublisher.readLong(b, stampAt);
            long d = now - sent;
            if (d > 0 && d < 10_000_000_000L) {
                delay.record(d / 1000);
            }
        }
    }

    /** Totals over all streams: packets, bytes, lost, freezes. */
    public long[] totals() {
        long[] t = new long[5];
        synchronized (streams) {
            for (StreamStats s : streams.values()) {
                t[0] += s.packets;
                t[1] += s.bytes;
                t[2] += s.lost();
                t[3] += s.freezes;
                t[4] += s.video ? s.frames : 0;
            }
        }
        return t;
    }

    /** Video frames received so far, per incoming video stream (SSRC). */
    public java.util.Map<Long, Long> videoFrames() {
        synchronized (streams) {
            var out = new java.util.HashMap<Long, Long>();
            streams.forEach((ssrc, s) -> {
                if (s.video) {
                    out.put(ssrc, s.frames);
                }
            });
            return out;
        }
    }

    /** Video payload bytes received so far (all video streams). */
    public long videoBytes() {
        synchronized (streams) {
            return streams.values().stream().filter(s -> s.video).mapToLong(s -> s.bytes).sum();
        }
    }

    /** Audio packets received so far. */
    public long audioPackets() {
        synchronized (streams) {
            return streams.values().stream().filter(s -> !s.video).mapToLong(s -> s.packets).sum();
        }
    }

    public int streamCount() {
        synchronized (streams) {
            return streams.size();
        }
    }

    /** Sends a signaling message as this participant. */
    public void send(String type, Object... fields) {
        signal.send(type, fields);
    }

    /**
     * Makes this a sink: once connected it stops reading its socket (the kernel drops what the SFU
     * sends it), so it measures nothing and costs the generator nothing per packet. Call right after
     * {@link #start}.
     */
    public void sink() {
        sink = true;
    }

    public boolean isSink() {
        return sink;
    }

    public void stopMeasuring() {
        measuring = false;
    }

    public boolean isConnected() {
        return connected != null && peer.isReady();
    }

    /** How far this subscriber got, for the report of one that never became ready. */
    public String state() {
        return "offer " + (connected != null ? "answered" : "not received") + ", ICE/DTLS/SRTP " + (peer.isReady() ? "ready" : "not ready")
                + ", streams " + streamCount() + (sink ? " (sink)" : "");
    }

    /** The signaling connection (its URL names the node hosting the meeting; it tells when the server went away). */
    public SignalClient signal() {
        return signal;
    }

    @Override
    public void close() {
        signal.close();
        peer.close();
    }
}
