package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.dtls.DtlsEndpoint;
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
    /** The signaling connection told of this session's events; a resume on a new socket changes it. */
    private volatile MediaListener listener;
    private final Sfu sfu;
    final PeerTransport subscribe;
    private volatile PeerTransport publish;
    /** What arrives on the publish connection: up-tracks, their SSRCs, transport-wide arrivals. */
    final PublishedStreams streams = new PublishedStreams();
    /** How much this subscriber's downlink takes, from its transport-wide feedback (GCC-like). */
    private final Downlink downlink;
    private final List<DownTrack> downs = new ArrayList<>();
    private final LongMap<DownTrack> downBySsrc = new LongMap<>();
    /**
     * The m-lines of down-tracks that stopped (their publisher left or unpublished): every later offer
     * keeps them, inactive, until a new down-track of the same kind takes one over; the track itself
     * is let go — it holds the publisher's up-track, its packet caches and its whole connection.
     */
    private final SubscribeLines inactiveLines = new SubscribeLines();
    private final long sessionId = RANDOM.nextLong() & Long.MAX_VALUE;
    private int offerVersion;
    private boolean offerPending;
    /** The down-tracks the pending offer carries: its answer makes them flow. Guarded by this. */
    private List<DownTrack> offered = List.of();
    private boolean dirty;
    private volatile boolean closed;
    /** The room's last decision (see {@link #applyBlocked}); each up-track's {@code blocked} follows it. */
    private java.util.Set<com.zoomvconnect.media.TrackSource> blockedSources = java.util.Set.of();

    SfuParticipant(String id, MediaListener listener, Sfu sfu) {
        this.id = id;
        this.attachment = new RoomAttachment(this, sfu);
        this.listener = listener;
        this.sfu = sfu;
        this.subscribe = new PeerTransport(PeerTransport.Kind.SUBSCRIBE, this, sfu);
        this.downlink = new Downlink(sfu.config().downlinkStartBps(), sfu.config().downlinkMaxBps(), sfu.counters());
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

    List<UpTrack> upTracks() {
        return streams.tracks();
    }

    Downlink downlink() {
        return downlink;
    }

    /** The down-track we send with this SSRC, or null. */
    DownTrack downTrack(long ssrc) {
        return downBySsrc.get(ssrc);
    }

    @Override
    public PublishAnswer publish(String offerSdp, List<ParticipantMedia.TrackSource> sources) {
        synchronized (attachment) { // a move in between would leave the old room with this offer's tracks
            return publishAttached(offerSdp, sources);
        }
    }

    private PublishAnswer publishAttached(String offerSdp, List<ParticipantMedia.TrackSource> sources) {
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
            // The signaling layer passes wire names; unknown ones fall back to the kind's default.
            Map<String, com.zoomvconnect.media.TrackSource> sourceByMid = new LinkedHashMap<>();
            for (ParticipantMedia.TrackSource s : sources) {
                com.zoomvconnect.media.TrackSource.fromWire(s.source()).ifPresent(src -> sourceByMid.put(s.mid(), src));
            }
            List<PublishedTrack> published = new ArrayList<>();
            Map<String, UpTrack> keep = new LinkedHashMap<>();
            for (var a : r.accepted()) {
                var m = offer.media().stream().filter(x -> a.mid().equals(x.mid())).findFirst().orElseThrow();
                boolean sending = m.direction().equals("sendonly") || m.direction().equals("sendrecv");
                Integer mid = a.extensions().get(RtpExtensions.MID);
                streams.negotiated(a.extensions().getOrDefault(RtpExtensions.TRANSPORT_CC, streams.transportCcExtId()), mid,
                        a.extensions().getOrDefault(RtpExtensions.RID, 0),
                        a.extensions().getOrDefault(RtpExtensions.REPAIRED_RID, 0));
                if (!sending || (a.ssrcs().isEmpty() && a.rids().isEmpty() && mid == null)) {
                    continue;
                }
                // With simulcast the layers' SSRCs are learnt from their first packets (rid extension).
                long ssrc = a.rids().isEmpty() && !a.ssrcs().isEmpty() ? a.ssrcs().get(0) : Encoding.NO_SSRC;
                long rtx = ssrc == Encoding.NO_SSRC ? Encoding.NO_SSRC : a.rtxSsrcs().getOrDefault(ssrc, Encoding.NO_SSRC);
                UpTrack existing = streams.byMid(a.mid());
                UpTrack up;
                if (existing != null && existing.codec.equals(a.codec()) && existing.hasEncodings(ssrc, a.rids())) {
                    up = existing;
                } else {
                    var source = sourceByMid.getOrDefault(a.mid(), a.kind().equals("audio")
                            ? com.zoomvconnect.media.TrackSource.MICROPHONE : com.zoomvconnect.media.TrackSource.CAMERA);
                    int levelId = a.extensions().getOrDefault(RtpExtensions.AUDIO_LEVEL, 0);
                    up = new UpTrack(UUID.randomUUID().toString(), a.mid(), a.kind(), source, a.codec(), ssrc, rtx, a.rids(),
                            this, source == com.zoomvconnect.media.TrackSource.MICROPHONE ? levelId : 0, speakerLevel);
                    added.add(up);
                    if (existing != null) {
                        removed.add(existing);
                    }
                }
                keep.put(a.mid(), up);
                published.add(new PublishedTrack(up.trackId, up.mid, up.kind, up.source.wireName()));
            }
            removed.addAll(streams.droppedFrom(keep, removed));
            for (UpTrack up : added) {
                up.block(blockedSources.contains(up.source));
            }
            streams.replace(keep, added, removed);
            result = new ParticipantMedia.PublishAnswer(r.sdp(), published, removed.stream().map(u -> u.trackId).toList());
        }
        attachment.room().tracksChanged(added, removed);
        return result;
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
        for (DownTrack d : downTracks()) {
            applyVideoSize(d);
        }
    }

    private void applyVideoSize(DownTrack d) {
        if (d.source.isSimulcast() && d.source.source == com.zoomvconnect.media.TrackSource.CAMERA) {
            Integer h = videoSizes.get(d.source.publisher.id());
            d.setMaxLayer(h == null ? Integer.MAX_VALUE : BandwidthAllocator.layerForHeight(h, d.source.encodings.length));
        }
    }

    @Override
    public void applyBlocked(java.util.Set<com.zoomvconnect.media.TrackSource> blocked) {
        List<UpTrack> changed = new ArrayList<>();
        synchronized (this) {
            blockedSources = blocked.isEmpty() ? java.util.Set.of() : java.util.EnumSet.copyOf(blocked);
            for (UpTrack up : streams.tracks()) {
                boolean b = blockedSources.contains(up.source);
                if (up.block(b) && !b) {
                    changed.add(up);
                }
            }
        }
        if (!changed.isEmpty()) { // the resumed tracks: their subscribers need a keyframe
            long now = System.nanoTime();
            for (UpTrack up : changed) {
                for (DownTrack d : up.downs) {
                    d.resume();
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
        var codec = Codecs.forSubscriber(up.codec);
        var d = new DownTrack(up, this, inactiveLines.assign(up.kind, codec), ssrc, codec);
        if (videoSizes.containsKey(up.publisher.id())) {
            applyVideoSize(d);
        }
        downs.add(d);
        downBySsrc.put(ssrc, d);
        up.addDown(d);
        dirty = true;
        return true;
    }

    /** Called by the room (under its monitor); returns true if something changed. */
    synchronized boolean removeDownTrack(UpTrack up) {
        boolean changed = false;
        for (var it = downs.iterator(); it.hasNext(); ) {
            DownTrack d = it.next();
            if (d.source == up) {
                changed |= d.isActive();
                retire(d);
                it.remove();
            }
        }
        dirty |= changed;
        return changed;
    }

    /** Called by the room this participant leaves (under its monitor): stops every down-track; true if any was active. */
    synchronized boolean dropDownTracks() {
        boolean changed = false;
        for (DownTrack d : downs) {
            changed |= d.isActive();
            retire(d);
        }
        downs.clear();
        dirty |= changed;
        return changed;
    }

    /**
     * Stops a down-track and keeps only its m-line (the caller takes it out of {@link #downs}). It
     * leaves {@link #offered} too: a client that never answers would otherwise keep it, and through
     * its publisher that publisher's own unanswered offer, a chain of everyone who ever left.
     */
    private void retire(DownTrack d) {
        d.deactivate();
        d.source.removeDown(d);
        downBySsrc.remove(d.ssrc);
        inactiveLines.stopped(line(d));
        if (offered.contains(d)) {
            offered = offered.stream().filter(o -> o != d).toList();
        }
    }

    private static com.zoomvconnect.media.sdp.SubscribeOffer.Line line(DownTrack d) {
        UpTrack up = d.source;
        String stream = up.publisher.id() + (up.source.isScreen() ? "-screen" : "");
        return new com.zoomvconnect.media.sdp.SubscribeOffer.Line(d.mid, up.kind, d.codec, d.ssrc, stream, up.trackId,
                up.publisher.id(), d.isActive());
    }

    /** Inactive m-lines kept for stopped down-tracks, not taken over by a new one (for tests). */
    synchronized int stoppedLineCount() {
        return inactiveLines.size();
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
    public synchronized void restartSubscribeIce() {
        if (closed || !subscribe.hasRemote()) {
            return; // nothing negotiated yet: the first offer starts ICE anyway
        }
        sfu.restartIce(subscribe);
        dirty = true;
    }

    @Override
    public void resumeFor(MediaListener newListener) {
        listener = newListener;
        synchronized (this) {
            if (closed) {
                return;
            }
            // An offer sent on the old socket may never have arrived, or its answer may have been
            // lost with it: offer everything again (its down-tracks stay in the next offer).
            offerPending = false;
            offered = List.of();
            inactiveLines.offerLost();
            dirty = true;
            if (subscribe.hasRemote()) {
                sfu.restartIce(subscribe); // the client's network changed, most likely: new credentials
            }
        }
    }

    @Override
    public synchronized Optional<SubscribeOffer> nextSubscribeOffer() {
        if (closed || offerPending || !dirty || downs.isEmpty() && inactiveLines.isEmpty()) {
            return Optional.empty();
        }
        List<com.zoomvconnect.media.sdp.SubscribeOffer.Line> lines = inactiveLines.offer();
        List<DownTrackInfo> infos = new ArrayList<>();
        for (DownTrack d : downs) {
            var line = line(d);
            lines.add(line);
            if (d.isActive()) {
                UpTrack up = d.source;
                infos.add(new DownTrackInfo(d.mid, up.publisher.id(), up.trackId, up.kind, up.source.wireName(), line.streamId()));
            }
        }
        // The m-lines in the order they were first offered (mids count up; a reused one keeps its place), as
        // every re-offer must keep them.
        lines.sort(java.util.Comparator.comparingInt(l -> Integer.parseInt(l.mid())));
        String sdp = com.zoomvconnect.media.sdp.SubscribeOffer.offer(lines, subscribe.localParams("actpass"), sessionId,
                ++offerVersion);
        offered = downs.stream().filter(DownTrack::isActive).toList();
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
        List<DownTrack> answered;
        synchronized (this) {
            if (!offerPending) {
                throw new IllegalStateException("no subscribe offer is waiting for an answer");
            }
            offerPending = false;
            answered = offered;
            offered = List.of();
            inactiveLines.answered(answer.acceptedMids());
        }
        downlink.setExtensionId(answer.transportCcExtId());
        var setup = answer.remote().setup();
        subscribe.setRemote(answer.remote(), setup.equals("passive") ? DtlsEndpoint.Role.CLIENT : DtlsEndpoint.Role.SERVER);
        // The browser can demultiplex the offered m-lines now (not before: a keyframe sent earlier
        // would be dropped there and the video would wait for the next one). Video starts at a
        // keyframe asked for at this moment.
        long now = System.nanoTime();
        for (DownTrack d : answered) {
            d.negotiated();
            if (d.awaitingKeyframe()) {
                sfu.forwarder().requestKeyframe(d, now);
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
                if (d.isActive() && d.source.isVideo()) {
                    d.resume();
                    sfu.forwarder().requestKeyframe(d, System.nanoTime());
                }
            }
        }
    }

    /**
     * The browser nominated a new address for an established transport (its network changed,
     * RFC 8445 §9). What went out on the old path may be lost, and waiting for the decoders' own
     * PLI after their NACKs fail costs a round of timeouts: ask for keyframes at once, of what we
     * send on the subscribe side and of what this participant publishes on the publish side.
     */
    void pathMoved(PeerTransport t) {
        sfu.counters().icePathMoves.increment();
        long now = System.nanoTime();
        if (t == subscribe) {
            for (DownTrack d : downTracks()) {
                if (d.isActive() && d.source.isVideo()) {
                    sfu.forwarder().requestKeyframe(d, now);
                }
            }
        } else {
            for (UpTrack up : upTracks()) {
                if (up.isVideo()) {
                    sfu.forwarder().requestKeyframes(up, now);
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
                d.deactivate();
                d.source.removeDown(d);
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
