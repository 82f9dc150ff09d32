package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.TrackSource;
import com.zoomvconnect.media.sdp.Codec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A track a publisher sends: its codec, its encodings (one, or three simulcast layers from low
 * to high) and the down-tracks it feeds. Each subscriber receives one encoding at a time.
 */
final class UpTrack {
    final String trackId;
    final String mid;
    final String kind;
    final TrackSource source;
    final Codec codec;
    final SfuParticipant publisher;
    /** Lowest layer first. */
    final Encoding[] encodings;
    final CopyOnWriteArrayList<DownTrack> downs = new CopyOnWriteArrayList<>();

    /** RFC 6464 audio-level extension id negotiated for this track, or 0. */
    final int audioLevelExtId;
    /** The publisher's loudness, fed from the audio-level extension. */
    final DominantSpeaker.Level level;
    /** A host control holds this track back: received and cached, not forwarded. */
    volatile boolean blocked;
    /** Audio last-N: this microphone is not among the room's loudest few right now. */
    volatile boolean suppressed;
    /** Where a recording of this track goes, or null. */
    volatile RecordingTap.TrackSink sink;

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
                encodings[i] = new Encoding(this, i, rids.get(i), -1, -1);
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
            return !isSimulcast() && ssrc >= 0 && encodings[0].ssrc == ssrc;
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
}
