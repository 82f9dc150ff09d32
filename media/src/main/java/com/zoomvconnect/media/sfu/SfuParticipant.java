package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.dtls.DtlsEndpoint;
import com.zoomvconnect.media.rtp.RtpPacket;
import com.zoomvconnect.media.sdp.Codecs;
import com.zoomvconnect.media.sdp.RtpExtensions;
import com.zoomvconnect.media.sdp.SdpException;
import com.zoomvconnect.media.sdp.SdpParser;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One participant in the SFU: a publish connection (the client offers) and a subscribe
 * connection (we offer). Negotiation state is guarded by this object's monitor; it never calls
 * into the room while holding it. The room it is attached to is not part of it: {@link
 * #attachment} holds it (a volatile pointer, read lock-free) and serialises membership changes
 * (join, track changes, move, leave) on its own monitor, taken before the room's and this one's.
 */
final class SfuParticipant implements ParticipantMedia {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;
    /** The room this media session is attached to now; a move changes it, never the transports. */
    final RoomAttachment attachment;
    /** This participant's loudness; the room it is in reads it for dominant-speaker detection. */
    final DominantSpeaker.Level speakerLevel = new DominantSpeaker.Level();
    private final MediaListener listener;
    private final Sfu sfu;
    final PeerTransport subscribe;
    private volatile PeerTransport publish;
    private final Map<String, UpTrack> upByMid = new LinkedHashMap<>();
    final LongMap<Encoding> upBySsrc = new LongMap<>();
    /** Publish-side header extension ids for binding unsignalled SSRCs (0 = not negotiated). */
    private volatile int midExtId;
    private volatile int ridExtId;
    private volatile int repairedRidExtId;
    /** Transport-wide sequence number extension id on the publish connection (0 = not negotiated). */
    volatile int transportCcExtId;
    /** Transport-wide sequence extension id the subscriber accepted on its receive connection (0 = none). */
    volatile int downTransportCcExtId;
    /** Next transport-wide sequence number on the subscribe connection. */
    final java.util.concurrent.atomic.AtomicInteger downTransportSeq = new java.util.concurrent.atomic.AtomicInteger();
    /** How much this subscriber's downlink takes, from its transport-wide feedback (GCC-like). */
    final com.zoomvconnect.media.bwe.SendSideEstimator downlink;
    /** What arrived on the publish connection, for transport-wide feedback to the publisher. */
    final com.zoomvconnect.media.bwe.TransportFeedbackRecorder transportCc = new com.zoomvconnect.media.bwe.TransportFeedbackRecorder();
    private final List<DownTrack> downs = new ArrayList<>();
    final LongMap<DownTrack> downBySsrc = new LongMap<>();
    private final long sessionId = RANDOM.nextLong() & Long.MAX_VALUE;
    private int nextMid;
    private int offerVersion;
    private boolean offerPending;
    private boolean dirty;
    private volatile boolean closed;
    private final java.util.Set<String> blockedSources = new java.util.HashSet<>();

    SfuParticipant(String id, MediaListener listener, Sfu sfu) {
        this.id = id;
        this.attachment = new RoomAttachment(this, sfu);
        this.listener = listener;
        this.sfu = sfu;
        this.subscribe = new PeerTransport(PeerTransport.Kind.SUBSCRIBE, this, sfu);
        this.downlink = new com.zoomvconnect.media.bwe.SendSideEstimator(sfu.config().downlinkStartBps(),
                sfu.config().downlinkMaxBps());
        sfu.register(subscribe);
    }

    String id() {
        return id;
    }

    MediaListener listener() {
        return listener;
    }

    PeerTransport publishTransport() {
        return publish;
    }

    synchronized List<UpTrack> upTracks() {
        return List.copyOf(upByMid.values());
    }

    @Override
    public PublishAnswer publish(String offerSdp, List<TrackSource> sources) {
        synchronized (attachment) { // a move in between would leave the old room with this offer's tracks
            return publishAttached(offerSdp, sources);
        }
    }

    private PublishAnswer publishAttached(String offerSdp, List<TrackSource> sources) {
        List<UpTrack> added = new ArrayList<>();
        List<UpTrack> removed = new ArrayList<>();
        ParticipantMedia.PublishAnswer result;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            var offer = SdpParser.parse(offerSdp);
            PeerTransport t = publish;
            if (t == null) {
                t = new PeerTransport(PeerTransport.Kind.PUBLISH, this, sfu);
                publish = t;
                sfu.register(t);
            }
            var r = com.zoomvconnect.media.sdp.PublishAnswer.answer(offer, t.localParams("passive"), sessionId,
                    sfu.config().startBitrateKbps());
            t.setRemote(r.remote(), r.remote().setup().equals("passive") ? DtlsEndpoint.Role.CLIENT : DtlsEndpoint.Role.SERVER);
            Map<String, String> sourceByMid = new LinkedHashMap<>();
            for (TrackSource s : sources) {
                sourceByMid.put(s.mid(), s.source());
            }
            List<PublishedTrack> published = new ArrayList<>();
            Map<String, UpTrack> keep = new LinkedHashMap<>();
            for (var a : r.accepted()) {
                var m = offer.media().stream().filter(x -> a.mid().equals(x.mid())).findFirst().orElseThrow();
                boolean sending = m.direction().equals("sendonly") || m.direction().equals("sendrecv");
                Integer mid = a.extensions().get(RtpExtensions.MID);
                transportCcExtId = a.extensions().getOrDefault(RtpExtensions.TRANSPORT_CC, transportCcExtId);
                if (mid != null) {
                    midExtId = mid;
                    ridExtId = a.extensions().getOrDefault(RtpExtensions.RID, 0);
                    repairedRidExtId = a.extensions().getOrDefault(RtpExtensions.REPAIRED_RID, 0);
                }
                if (!sending || (a.ssrcs().isEmpty() && a.rids().isEmpty() && mid == null)) {
                    continue;
                }
                // With simulcast the layers' SSRCs are learnt from their first packets (rid extension).
                long ssrc = a.rids().isEmpty() && !a.ssrcs().isEmpty() ? a.ssrcs().get(0) : -1;
                long rtx = ssrc < 0 ? -1 : a.rtxSsrcs().getOrDefault(ssrc, -1L);
                UpTrack existing = upByMid.get(a.mid());
                UpTrack up;
                if (existing != null && existing.codec.equals(a.codec()) && sameEncodings(existing, ssrc, a.rids())) {
                    up = existing;
                } else {
                    String source = sourceByMid.getOrDefault(a.mid(), a.kind().equals("audio") ? "microphone" : "camera");
                    int levelId = a.extensions().getOrDefault(RtpExtensions.AUDIO_LEVEL, 0);
                    up = new UpTrack(UUID.randomUUID().toString(), a.mid(), a.kind(), source, a.codec(), ssrc, rtx, a.rids(),
                            this, "microphone".equals(source) ? levelId : 0, speakerLevel);
                    added.add(up);
                    if (existing != null) {
                        removed.add(existing);
                    }
                }
                keep.put(a.mid(), up);
                published.add(new PublishedTrack(up.trackId, up.mid, up.kind, up.source));
            }
            for (var e : upByMid.entrySet()) {
                if (!keep.containsKey(e.getKey()) && !removed.contains(e.getValue())) {
                    removed.add(e.getValue());
                }
            }
            for (UpTrack up : removed) {
                for (Encoding e : up.encodings) {
                    if (e.ssrc >= 0) {
                        upBySsrc.remove(e.ssrc);
                    }
                    if (e.rtxSsrc >= 0) {
                        upBySsrc.remove(e.rtxSsrc);
                    }
                }
            }
            upByMid.clear();
            upByMid.putAll(keep);
            for (UpTrack up : added) {
                up.blocked = blockedSources.contains(up.source);
                for (Encoding e : up.encodings) {
                    if (e.ssrc >= 0) {
                        upBySsrc.put(e.ssrc, e);
                    }
                    if (e.rtxSsrc >= 0) {
                        upBySsrc.put(e.rtxSsrc, e);
                    }
                }
            }
            result = new ParticipantMedia.PublishAnswer(r.sdp(), published, removed.stream().map(u -> u.trackId).toList());
        }
        attachment.room().tracksChanged(added, removed);
        return result;
    }

    private static boolean sameEncodings(UpTrack up, long ssrc, List<String> rids) {
        if (rids.isEmpty()) {
            return !up.isSimulcast() && ssrc >= 0 && up.encodings[0].ssrc == ssrc;
        }
        if (rids.size() != up.encodings.length) {
            return false;
        }
        for (int i = 0; i < rids.size(); i++) {
            if (!rids.get(i).equals(up.encodings[i].rid)) {
                return false;
            }
        }
        return true;
    }

    /**
     * An RTP packet with an SSRC not seen before: binds it to the encoding its mid and rid (or
     * repaired-rid, for RTX) header extensions name (RFC 8852 §3.3), or, for a track without
     * simulcast whose SSRC was not signalled, to its only encoding. Null when nothing matches.
     */
    Encoding learnSsrc(byte[] buf, int off, int len, long ssrc) {
        int midId = midExtId;
        if (midId == 0) {
            return null;
        }
        String mid = RtpPacket.extensionString(buf, off, len, midId);
        if (mid == null) {
            return null;
        }
        String rid = ridExtId == 0 ? null : RtpPacket.extensionString(buf, off, len, ridExtId);
        String repaired = rid != null || repairedRidExtId == 0 ? null : RtpPacket.extensionString(buf, off, len, repairedRidExtId);
        synchronized (this) {
            if (closed || upBySsrc.get(ssrc) != null) {
                return upBySsrc.get(ssrc);
            }
            UpTrack up = upByMid.get(mid);
            if (up == null) {
                return null;
            }
            Encoding e;
            if (rid != null || repaired != null) {
                e = up.encoding(rid != null ? rid : repaired);
            } else {
                e = up.isSimulcast() || up.encodings[0].ssrc >= 0 ? null : up.encodings[0];
            }
            if (e == null) {
                return null;
            }
            if (repaired != null) {
                if (e.rtxSsrc >= 0) {
                    upBySsrc.remove(e.rtxSsrc);
                }
                e.rtxSsrc = ssrc;
            } else {
                if (e.ssrc >= 0) {
                    upBySsrc.remove(e.ssrc);
                }
                e.ssrc = ssrc;
            }
            upBySsrc.put(ssrc, e);
            return e;
        }
    }

    /** Participants whose camera this subscriber shows; null = all. */
    private volatile java.util.Set<String> visibleVideo;

    java.util.Set<String> visibleVideo() {
        return visibleVideo;
    }

    @Override
    public void setVisibleVideo(java.util.Set<String> participantIds) {
        visibleVideo = participantIds == null ? null : java.util.Set.copyOf(participantIds);
        attachment.room().applyLastN(System.nanoTime());
    }

    @Override
    public String dominantSpeaker() {
        return attachment.room().speakers.current();
    }

    /** Rendered camera heights by publisher (device pixels), from the client's tile sizes. */
    private volatile java.util.Map<String, Integer> videoSizes = java.util.Map.of();

    @Override
    public void setVideoSizes(java.util.Map<String, Integer> heightByParticipant) {
        videoSizes = java.util.Map.copyOf(heightByParticipant);
        applyVideoSizes();
    }

    /** Turns tile heights into each camera down-track's highest useful layer. */
    void applyVideoSizes() {
        var sizes = videoSizes;
        for (DownTrack d : downTracks()) {
            if (d.source.isSimulcast() && "camera".equals(d.source.source)) {
                Integer h = sizes.get(d.source.publisher.id());
                d.maxLayer = h == null ? Integer.MAX_VALUE : layerForHeight(h, d.source.encodings.length);
            }
        }
    }

    /**
     * The lowest layer of a 720p-class camera sent as q/h/f (1/4, 1/2, full) that covers a tile
     * of this height: up to 200 px the 180p layer, up to 400 px the 360p one, above that the top.
     */
    static int layerForHeight(int height, int layers) {
        int l = height <= 200 ? 0 : height <= 400 ? 1 : 2;
        return Math.min(l, layers - 1);
    }

    @Override
    public void setBlocked(String source, boolean blocked) {
        List<UpTrack> changed = new ArrayList<>();
        synchronized (this) {
            if (blocked) {
                blockedSources.add(source);
            } else {
                blockedSources.remove(source);
            }
            for (UpTrack up : upByMid.values()) {
                if (up.source.equals(source) && up.blocked != blocked) {
                    up.blocked = blocked;
                    changed.add(up);
                }
            }
        }
        if (!blocked) {
            long now = System.nanoTime();
            for (UpTrack up : changed) {
                for (DownTrack d : up.downs) {
                    if (up.isVideo()) {
                        d.waitingKeyframe = true;
                    } else {
                        d.resync = true;
                    }
                }
                sfu.forwarder().requestKeyframes(up, now);
            }
        }
    }

    /** Called by the room (under its monitor); false if closed. */
    synchronized boolean addDownTrack(UpTrack up) {
        if (closed) {
            return false;
        }
        long ssrc;
        do {
            ssrc = RANDOM.nextInt() & 0xffffffffL;
        } while (ssrc == 0 || downBySsrc.get(ssrc) != null);
        var d = new DownTrack(up, this, Integer.toString(nextMid++), ssrc, Codecs.forSubscriber(up.codec));
        Integer h = videoSizes.get(up.publisher.id());
        if (h != null && up.isSimulcast() && "camera".equals(up.source)) {
            d.maxLayer = layerForHeight(h, up.encodings.length);
        }
        downs.add(d);
        downBySsrc.put(ssrc, d);
        up.downs.add(d);
        dirty = true;
        return true;
    }

    /** Called by the room (under its monitor); returns true if something changed. */
    synchronized boolean removeDownTrack(UpTrack up) {
        boolean changed = false;
        for (DownTrack d : downs) {
            if (d.source == up && d.active) {
                d.active = false;
                up.downs.remove(d);
                changed = true;
            }
        }
        dirty |= changed;
        return changed;
    }

    /** Called by the room this participant leaves (under its monitor): stops every down-track; true if any was active. */
    synchronized boolean dropDownTracks() {
        boolean changed = false;
        for (DownTrack d : downs) {
            if (d.active) {
                d.active = false;
                d.source.downs.remove(d);
                changed = true;
            }
        }
        dirty |= changed;
        return changed;
    }

    @Override
    public void moveTo(String roomId) {
        attachment.moveTo(roomId);
    }

    @Override
    public String roomId() {
        return attachment.room().id;
    }

    @Override
    public synchronized Optional<SubscribeOffer> nextSubscribeOffer() {
        if (closed || offerPending || !dirty || downs.isEmpty()) {
            return Optional.empty();
        }
        List<com.zoomvconnect.media.sdp.SubscribeOffer.Line> lines = new ArrayList<>();
        List<DownTrackInfo> infos = new ArrayList<>();
        for (DownTrack d : downs) {
            UpTrack up = d.source;
            String stream = up.publisher.id() + (up.source.startsWith("screen") ? "-screen" : "");
            lines.add(new com.zoomvconnect.media.sdp.SubscribeOffer.Line(d.mid, up.kind, d.codec, d.ssrc, stream, up.trackId,
                    up.publisher.id(), d.active));
            if (d.active) {
                infos.add(new DownTrackInfo(d.mid, up.publisher.id(), up.trackId, up.kind, up.source, stream));
            }
        }
        String sdp = com.zoomvconnect.media.sdp.SubscribeOffer.offer(lines, subscribe.localParams("actpass"), sessionId,
                ++offerVersion);
        offerPending = true;
        dirty = false;
        return Optional.of(new SubscribeOffer(sdp, infos));
    }

    @Override
    public void subscribeAnswer(String answerSdp) {
        com.zoomvconnect.media.sdp.SubscribeOffer.Answer answer;
        try {
            answer = com.zoomvconnect.media.sdp.SubscribeOffer.parseAnswer(answerSdp);
        } catch (SdpException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        synchronized (this) {
            if (!offerPending) {
                throw new IllegalStateException("no subscribe offer is waiting for an answer");
            }
            offerPending = false;
        }
        downTransportCcExtId = answer.transportCcExtId();
        var setup = answer.remote().setup();
        subscribe.setRemote(answer.remote(), setup.equals("passive") ? DtlsEndpoint.Role.CLIENT : DtlsEndpoint.Role.SERVER);
        // Newly negotiated video down-tracks start at a keyframe.
        for (DownTrack d : downTracks()) {
            if (d.active && d.waitingKeyframe) {
                sfu.forwarder().requestKeyframe(d, System.nanoTime());
            }
        }
    }

    synchronized List<DownTrack> downTracks() {
        return List.copyOf(downs);
    }

    /** DTLS finished on one of our transports. */
    void transportReady(PeerTransport t) {
        if (t == subscribe) {
            for (DownTrack d : downTracks()) {
                if (d.active && d.source.isVideo()) {
                    d.waitingKeyframe = true;
                    sfu.forwarder().requestKeyframe(d, System.nanoTime());
                }
            }
        }
    }

    void transportFailed(PeerTransport t) {
        listener.connectionLost();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        attachment.leave();
        synchronized (this) {
            for (DownTrack d : downs) {
                d.active = false;
                d.source.downs.remove(d);
            }
        }
        sfu.unregister(subscribe);
        subscribe.close();
        PeerTransport p = publish;
        if (p != null) {
            sfu.unregister(p);
            p.close();
        }
    }

    boolean isClosed() {
        return closed;
    }
}
