package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.TrackSource;
import com.zoomvconnect.media.sdp.Codec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A track a publisher sends: its codec, its encodings (one, or three simulcast layers from low
 * to high) and the down-tracks it feeds. Each subscriber receives one encoding at a time. Whether
 * it is held back (host block, audio last-N) and where it is recorded are its own state, changed
 * only through the methods below; the packet path reads them lock-free.
 */
final class UpTrack {
    private final java.util.concurrent.atomic.AtomicInteger lanes = new java.util.concurrent.atomic.AtomicInteger();
    final String trackId;
    final String mid;
    final String kind;
    final TrackSource source;
    final Codec codec;
    final SfuParticipant publisher;
    /** Lowest layer first. */
    final Encoding[] encodings;
    /** Changed only through {@link #addDown} and {@link #removeDown}, which keep {@link #groupMembers} in step. */
    final CopyOnWriteArrayList<DownTrack> downs = new CopyOnWriteArrayList<>();
    /** {@link #downs} by fan-out group ({@link DownTrack#lane} modulo {@link SharedFanOut#GROUPS}), replaced whole on a change. */
    private volatile DownTrack[][] groupMembers = regroup(List.of());
    /** The groups a shared fan-out of this track queues its packets in; made when it is first shared. */
    private volatile SharedFanOut.Group[] groups;
    /**
     * Set once the fan-out is large enough to be shared out among threads, and never cleared: its
     * packets then go through the groups' queues for good, so each down-track's keep their order.
     */
    volatile boolean fanOutShared;

    /** RFC 6464 audio-level extension id negotiated for this track, or 0. */
    final int audioLevelExtId;
    /** The publisher's loudness, fed from the audio-level extension. */
    final DominantSpeaker.Level level;

    /** Why a track is not forwarded: independent conditions, each set and cleared on its own. */
    private enum Hold {
        /** A host control (server-enforced mute): received and cached, neither forwarded nor recorded. */
        BLOCKED,
        /** Audio last-N: this microphone is not among the room's loudest few; still recorded. */
        SUPPRESSED;

        final int bit = 1 << ordinal();
    }

    /**
     * The {@link Hold}s in force, as bits: one volatile read per packet. Blocking is decided by the
     * participant and suppression by the room's ticker, on different threads, hence compare-and-set.
     */
    private final AtomicInteger holds = new AtomicInteger();
    /** Where a recording of this track goes, or null; attached and detached under the room's monitor. */
    private volatile RecordingTap.TrackSink sink;

    /**
     * @param rids simulcast restriction ids from low to high, or empty for one encoding with
     *             {@code ssrc}/{@code rtxSsrc}
     */
    UpTrack(String trackId, String mid, String kind, TrackSource source, Codec codec, long ssrc, long rtxSsrc, List<String> rids,
            SfuParticipant publisher, int audioLevelExtId, DominantSpeaker.Level level) {
        this.audioLevelExtId = audioLevelExtId;
        this.level = level;
        this.trackId = trackId;
        this.mid = mid;
        this.kind = kind;
        this.source = source;
        this.codec = codec;
        this.publisher = publisher;
        if (rids.isEmpty()) {
            this.encodings = new Encoding[] {new Encoding(this, 0, null, ssrc, rtxSsrc)};
        } else {
            this.encodings = new Encoding[rids.size()];
            for (int i = 0; i < rids.size(); i++) {
                encodings[i] = new Encoding(this, i, rids.get(i), Encoding.NO_SSRC, Encoding.NO_SSRC);
            }
        }
    }

    boolean isVideo() {
        return "video".equals(kind);
    }

    boolean isSimulcast() {
        return encodings.length > 1;
    }

    Encoding encoding(String rid) {
        for (Encoding e : encodings) {
            if (rid.equals(e.rid)) {
                return e;
            }
        }
        return null;
    }

    /** Whether a re-offer describes the same encodings: the same signalled SSRC, or the same rids in order. */
    boolean hasEncodings(long ssrc, List<String> rids) {
        if (rids.isEmpty()) {
            return !isSimulcast() && encodings[0].isBoundTo(ssrc);
        }
        if (rids.size() != encodings.length) {
            return false;
        }
        for (int i = 0; i < rids.size(); i++) {
            if (!rids.get(i).equals(encodings[i].rid)) {
                return false;
            }
        }
        return true;
    }

    /** Layer {@code layer}, clamped to the layers this track has. */
    Encoding encoding(int layer) {
        return encodings[Math.max(0, Math.min(layer, encodings.length - 1))];
    }

    /** Whether this track's media arrives at all (any layer). */
    boolean receiving() {
        for (Encoding e : encodings) {
            if (e.receiving) {
                return true;
            }
        }
        return false;
    }

    /** Whether the packet path forwards this track: neither blocked nor suppressed. */
    boolean forwardable() {
        return holds.get() == 0;
    }

    /** Whether a host control holds this track back. */
    boolean blocked() {
        return (holds.get() & Hold.BLOCKED.bit) != 0;
    }

    /** Whether audio last-N holds this microphone back. */
    boolean suppressed() {
        return (holds.get() & Hold.SUPPRESSED.bit) != 0;
    }

    /** Blocks or unblocks this track; true when that changed it. Suppression is left as it is. */
    boolean block(boolean on) {
        return hold(Hold.BLOCKED, on);
    }

    /** Audio last-N leaves this microphone out. */
    void suppress() {
        hold(Hold.SUPPRESSED, true);
    }

    /** Audio last-N takes this microphone back; true when it had been suppressed. */
    boolean unsuppress() {
        return hold(Hold.SUPPRESSED, false);
    }

    private boolean hold(Hold h, boolean on) {
        while (true) {
            int was = holds.get();
            int next = on ? was | h.bit : was & ~h.bit;
            if (was == next) {
                return false;
            }
            if (holds.compareAndSet(was, next)) {
                return true;
            }
        }
    }

    /** The recording sink of this track, or null when it is not recorded. */
    RecordingTap.TrackSink sink() {
        return sink;
    }

    /**
     * Where to record a packet of this track now: its sink unless blocked (a blocked source is
     * not recorded; last-N suppression is about forwarding and does not stop recording), or null.
     */
    RecordingTap.TrackSink recordingSink() {
        RecordingTap.TrackSink s = sink;
        return s == null || blocked() ? null : s;
    }

    boolean hasSink() {
        return sink != null;
    }

    /**
     * How a recording asks for a keyframe of this track, at a layer. It lets go of the track when the
     * track leaves the recording: the recording keeps its tracks until it stops, and a departed
     * publisher's encodings (their packet caches, their whole connection) must not live that long.
     */
    static final class KeyframeRequest implements java.util.function.IntConsumer {
        private final Forwarder forwarder;
        private volatile Encoding[] encodings;

        KeyframeRequest(Forwarder forwarder, Encoding[] encodings) {
            this.forwarder = forwarder;
            this.encodings = encodings;
        }

        @Override
        public void accept(int layer) {
            Encoding[] e = encodings;
            if (e != null) {
                forwarder.requestKeyframe(e[Math.max(0, Math.min(layer, e.length - 1))], System.nanoTime());
            }
        }

        void release() {
            encodings = null;
        }
    }

    private KeyframeRequest keyframeRequest;

    /** Starts recording this track to {@code s}. Called under the room's monitor. */
    void attachSink(RecordingTap.TrackSink s) {
        attachSink(s, null);
    }

    /** Starts recording this track to {@code s}, which asks for keyframes through {@code request}. Called under the room's monitor. */
    void attachSink(RecordingTap.TrackSink s, KeyframeRequest request) {
        sink = s;
        keyframeRequest = request;
    }

    /** Stops recording this track and tells the sink it ended, if there was one. Called under the room's monitor. */
    void detachSink() {
        RecordingTap.TrackSink s = sink;
        sink = null;
        KeyframeRequest r = keyframeRequest;
        keyframeRequest = null;
        if (r != null) {
            r.release();
        }
        if (s != null) {
            s.trackEnded();
        }
    }

    /** The fan-out lane of this track's next down-track ({@link DownTrack#lane}): consecutive, so the groups stay even. */
    int nextLane() {
        return lanes.getAndIncrement() & Integer.MAX_VALUE;
    }

    synchronized void addDown(DownTrack d) {
        downs.add(d);
        groupMembers = regroup(downs);
    }

    synchronized void removeDown(DownTrack d) {
        if (downs.remove(d)) {
            groupMembers = regroup(downs);
        }
    }

    /** The down-tracks of fan-out group {@code group} (0 to {@link SharedFanOut#GROUPS} - 1), as of the last change. */
    DownTrack[] groupMembers(int group) {
        return groupMembers[group];
    }

    private static DownTrack[][] regroup(List<DownTrack> all) {
        int[] sizes = new int[SharedFanOut.GROUPS];
        for (DownTrack d : all) {
            sizes[d.lane % SharedFanOut.GROUPS]++;
        }
        DownTrack[][] m = new DownTrack[SharedFanOut.GROUPS][];
        for (int g = 0; g < m.length; g++) {
            m[g] = new DownTrack[sizes[g]];
            sizes[g] = 0;
        }
        for (DownTrack d : all) {
            int g = d.lane % SharedFanOut.GROUPS;
            m[g][sizes[g]++] = d;
        }
        return m;
    }

    /** This track's fan-out groups, made on first use. */
    SharedFanOut.Group[] groups() {
        SharedFanOut.Group[] g = groups;
        if (g == null) {
            synchronized (this) {
                g = groups;
                if (g == null) {
                    g = new SharedFanOut.Group[SharedFanOut.GROUPS];
                    for (int i = 0; i < g.length; i++) {
                        g[i] = new SharedFanOut.Group(this, i);
                    }
                    groups = g;
                }
            }
        }
        return g;
    }
}
