package com.zoomvconnect.loadgen;

import com.zoomvconnect.media.client.ClientPeer;
import com.zoomvconnect.media.client.ClientSdp;
import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.media.rtcp.RtcpPacket;
import com.zoomvconnect.media.rtcp.RtcpParser;
import com.zoomvconnect.media.rtp.RtpPacket;
import com.zoomvconnect.media.sdp.SdpParser;
import com.zoomvconnect.media.sdp.TransportParams;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A participant that publishes Opus-sized audio (50 packets/s) and VP8-shaped video at a
 * given bitrate and frame rate, with real keyframes on PLI, stamping each frame's first packet
 * with its send time so subscribers can measure delay. With simulcast, the video goes out as
 * three layers q/h/f (1/10, 1/3 and all of the bitrate), each carrying mid and rid header
 * extensions like a browser's, with its own SSRC, numbering and keyframes.
 *
 * <p>By default a frame's packets (every layer's) leave back to back, the worst case for the
 * SFU's fan-out. {@link #pace} spreads them as a browser's pacer does (libwebrtc's PacedSender
 * sends at 2.5 times the target rate): video packets queue and leave one at a time at {@code
 * factor} times the publisher's total rate, audio going first; each packet's time stamp is its
 * real send time.
 */
public final class SyntheticPublisher implements AutoCloseable {
    static final int MAX_PAYLOAD = 1100;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SignalClient signal;
    private final ClientPeer peer;
    private final long audioSsrc = RANDOM.nextInt() & 0xffffffffL;
    private final long videoSsrc = RANDOM.nextInt() & 0xffffffffL;
    private final int bitrate;
    private final int fps;
    private final List<Layer> layers;
    private volatile boolean running = true;
    private Thread sender;
    private final RtcpParser rtcpParser = new RtcpParser();
    public volatile long plisReceived;
    /** The RFC 6464 level sent with every audio packet: 0 loudest, 127 silence. */
    public volatile int audioLevel = 127;
    private final java.util.concurrent.ConcurrentLinkedQueue<JsonNode> received = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** 0 to send each frame's packets back to back, else the pacing rate as a multiple of the total bitrate. */
    private volatile double pacing;
    /** Video packets waiting to be paced out (sender thread only). */
    private final Pacer pacer = new Pacer();

    /** One video encoding: its SSRC, numbering and keyframe state. */
    private static final class Layer {
        final String rid;
        final long ssrc;
        final int bitrate;
        int seq = RANDOM.nextInt(65536);
        long ts = RANDOM.nextInt() & 0xffffffffL;
        volatile boolean keyframeRequested = true;
        long lastKeyframe;

        Layer(String rid, long ssrc, int bitrate) {
            this.rid = rid;
            this.ssrc = ssrc;
            this.bitrate = bitrate;
        }
    }

    private SyntheticPublisher(String base, String code, String name, String accessToken, int bitrate, int fps, boolean simulcast) {
        this.bitrate = bitrate;
        this.fps = fps;
        this.layers = simulcast
                ? List.of(new Layer("q", RANDOM.nextInt() & 0xffffffffL, bitrate / 10),
                        new Layer("h", RANDOM.nextInt() & 0xffffffffL, bitrate / 3), new Layer("f", videoSsrc, bitrate))
                : List.of(new Layer(null, videoSsrc, bitrate));
        this.signal = SignalClient.join(base, code, name, accessToken);
        this.peer = new ClientPeer(new ClientPeer.Receiver() {
            @Override
            public void rtp(byte[] buf, int off, int len, long now) {
            }

            @Override
            public void rtcp(byte[] buf, int off, int len) {
                for (RtcpPacket p : rtcpParser.parse(buf, off, len)) {
                    if (p instanceof RtcpPacket.Pli pli) {
                        layers.stream().filter(l -> l.ssrc == pli.mediaSsrc()).forEach(l -> l.keyframeRequested = true);
                        plisReceived++;
                    } else if (p instanceof RtcpPacket.Fir) {
                        layers.forEach(l -> l.keyframeRequested = true);
                        plisReceived++;
                    }
                }
            }
        });
    }

    /** Joins {@code code}, negotiates, connects and starts sending. */
    public static SyntheticPublisher start(String base, String code, String name, int bitrate, int fps) {
        return start(base, code, name, bitrate, fps, false);
    }

    /** As {@link #start(String, String, String, int, int)}, optionally sending the video as three simulcast layers. */
    public static SyntheticPublisher start(String base, String code, String name, int bitrate, int fps, boolean simulcast) {
        return start(base, code, name, null, bitrate, fps, simulcast);
    }

    /** As {@link #start(String, String, String, int, int, boolean)}, joining as the holder of {@code accessToken} (a webinar's host). */
    public static SyntheticPublisher start(String base, String code, String name, String accessToken, int bitrate, int fps,
                                           boolean simulcast) {
        var p = new SyntheticPublisher(base, code, name, accessToken, bitrate, fps, simulcast);
        try {
            p.publish();
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    private void publish() {
        long rtx = RANDOM.nextInt() & 0xffffffffL;
        List<String> rids = layers.size() > 1 ? layers.stream().map(l -> l.rid).toList() : List.of();
        String offer = ClientSdp.publishOffer(peer.localParams("actpass"), audioSsrc, videoSsrc, rtx, rids);
        var msg = SignalClient.JSON.createObjectNode().put("type", "publishOffer").put("sdp", offer);
        var tracks = msg.putArray("tracks");
        tracks.addObject().put("mid", "0").put("source", "microphone");
        tracks.addObject().put("mid", "1").put("source", "camera");
        signal.send(msg);
        JsonNode answer = signal.expect("publishAnswer", Duration.ofSeconds(15));
        String sdp = answer.path("sdp").asText();
        TransportParams remote = TransportParams.remote(SdpParser.parse(sdp));
        try {
            peer.connect(remote, ClientSdp.candidates(sdp)).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("publisher could not connect: " + e.getMessage(), e);
        }
        signal.onMessage(received::add);
        sender = Thread.ofPlatform().name("loadgen-publisher").daemon().start(this::sendLoop);
    }

    /**
     * From now on, sends video paced at {@code factor} times the publisher's total rate (audio and
     * every layer), as browsers do; 0 sends each frame's packets back to back.
     */
    public void pace(double factor) {
        pacing = Math.max(0, factor);
    }

    private void sendLoop() {
        long totalBps = 64_000 + layers.stream().mapToLong(l -> l.bitrate).sum(); // audio and every layer
        byte[] pkt = new byte[1500];
        int audioSeq = RANDOM.nextInt(65536);
        long audioTs = RANDOM.nextInt() & 0xffffffffL;
        long start = System.nanoTime();
        long nextAudio = start;
        long nextVideo = start;
        long frameInterval = 1_000_000_000L / fps;
        while (running) {
            long now = System.nanoTime();
            if (now >= nextAudio) {
                int len = header(pkt, 111, audioSeq++, audioTs, audioSsrc, true);
                // RFC 8285 one-byte header extension: ssrc-audio-level, one byte.
                pkt[0] |= 0x10;
                pkt[len] = (byte) 0xBE;
                pkt[len + 1] = (byte) 0xDE;
                pkt[len + 2] = 0;
                pkt[len + 3] = 1;
                pkt[len + 4] = (byte) (ClientSdp.EXT_AUDIO_LEVEL << 4);
                pkt[len + 5] = (byte) (0x80 | (audioLevel & 0x7F));
                pkt[len + 6] = 0;
                pkt[len + 7] = 0;
                len += 8;
                writeLong(pkt, len, now);
                for (int i = len + 8; i < len + 80; i++) {
                    pkt[i] = (byte) i;
                }
                peer.sendRtp(pkt, len + 80);
                audioTs = (audioTs + 960) & 0xffffffffL;
                nextAudio += 20_000_000L;
            }
            if (now >= nextVideo) {
                for (Layer layer : layers) {
                    sendFrame(pkt, layer, now);
                }
                nextVideo += frameInterval;
            }
            long rate = (long) (pacing * totalBps);
            for (Pacer.Queued q; (q = pacer.poll(now, rate)) != null; ) {
                writeLong(q.packet(), q.stampAt(), now);
                peer.sendRtp(q.packet(), q.packet().length);
            }
            long sleep = Math.min(Math.min(nextAudio, nextVideo), pacer.nextDueNs()) - System.nanoTime();
            if (sleep > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(sleep);
            }
        }
    }

    /** One VP8-shaped frame of a layer, split into packets; a keyframe when asked for (or every 10 s). */
    private void sendFrame(byte[] pkt, Layer layer, long now) {
        boolean key = layer.keyframeRequested || now - layer.lastKeyframe > 10_000_000_000L;
        if (key) {
            layer.keyframeRequested = false;
            layer.lastKeyframe = now;
        }
        int frameBytes = Math.max(200, layer.bitrate / 8 / fps) * (key ? 3 : 1);
        int packets = (frameBytes + MAX_PAYLOAD - 1) / MAX_PAYLOAD;
        for (int i = 0; i < packets; i++) {
            int len = header(pkt, 96, layer.seq++, layer.ts, layer.ssrc, i == packets - 1);
            if (layer.rid != null) {
                len = midAndRid(pkt, len, layer.rid);
            }
            // RFC 7741 descriptor: S bit on the frame's first packet, partition 0.
            pkt[len] = (byte) (i == 0 ? 0x10 : 0x00);
            // VP8 payload header: P bit 0 for key frames.
            pkt[len + 1] = (byte) (key ? 0x00 : 0x01);
            writeLong(pkt, len + 2, now);
            int size = Math.min(MAX_PAYLOAD, frameBytes - i * MAX_PAYLOAD);
            if (pacing > 0) {
                pacer.add(java.util.Arrays.copyOf(pkt, len + Math.max(size, 12)), len + 2, now);
            } else {
                peer.sendRtp(pkt, len + Math.max(size, 12));
            }
        }
        layer.ts = (layer.ts + 90000 / fps) & 0xffffffffL;
    }

    /** RFC 8285 one-byte extensions mid = "1" and rid, as a browser sends them with simulcast. */
    private static int midAndRid(byte[] b, int len, String rid) {
        b[0] |= 0x10;
        int start = len;
        b[len++] = (byte) 0xBE;
        b[len++] = (byte) 0xDE;
        len += 2; // length in words, below
        b[len++] = (byte) ((ClientSdp.EXT_MID << 4) | 0);
        b[len++] = '1';
        b[len++] = (byte) ((ClientSdp.EXT_RID << 4) | (rid.length() - 1));
        for (int i = 0; i < rid.length(); i++) {
            b[len++] = (byte) rid.charAt(i);
        }
        while ((len - start) % 4 != 0) {
            b[len++] = 0;
        }
        int words = (len - start - 4) / 4;
        b[start + 2] = (byte) (words >>> 8);
        b[start + 3] = (byte) words;
        return len;
    }

    private static int header(byte[] b, int pt, int seq, long ts, long ssrc, boolean marker) {
        b[0] = (byte) 0x80;
        b[1] = (byte) ((marker ? 0x80 : 0) | pt);
        RtpPacket.setSequence(b, 0, seq & 0xffff);
        RtpPacket.setTimestamp(b, 0, ts);
        RtpPacket.setSsrc(b, 0, ssrc);
        return 12;
    }

    static void writeLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    /** Signaling messages received since publishing started. */
    public List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** Sends a signaling message as this participant. */
    public void send(String type, Object... fields) {
        signal.send(type, fields);
    }

    public ClientPeer peer() {
        return peer;
    }

    public String participantId() {
        return signal.participantId();
    }

    public List<Long> ssrcs() {
        return List.of(audioSsrc, videoSsrc);
    }

    /** Per simulcast layer (rid, or "video"), the SSRC it is sent with. */
    public Map<String, Long> layerSsrcs() {
        var m = new java.util.LinkedHashMap<String, Long>();
        layers.forEach(l -> m.put(l.rid == null ? "video" : l.rid, l.ssrc));
        return m;
    }

    /** The signaling connection (its URL names the node hosting the meeting; it tells when the server went away). */
    public SignalClient signal() {
        return signal;
    }

    @Override
    public void close() {
        running = false;
        signal.close();
        peer.close();
    }
}
