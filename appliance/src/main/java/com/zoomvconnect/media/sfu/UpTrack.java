package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.sdp.Codec;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A track a publisher sends: its SSRCs and codec, the packet cache that answers subscribers'
 * NACKs, the tracker of our own losses, and the down-tracks it feeds. Receive-side state is
 * touched only by the thread reading the publisher's path.
 */
final class UpTrack {
    final String trackId;
    final String mid;
    final String kind;
    final String source;
    final Codec codec;
    final long ssrc;
    final long rtxSsrc;
    final SfuParticipant publisher;
    final PacketCache cache;
    final NackTracker nacks = new NackTracker(5, 30_000_000L, 1_000_000_000L);
    final CopyOnWriteArrayList<DownTrack> downs = new CopyOnWriteArrayList<>();
    final int[] nackScratch = new int[64];

    // Receive statistics for receiver reports (RFC 3550 §A.3), updated by the receive thread.
    volatile boolean receiving;
    int baseSeq = -1;
    long cycles;
    int maxSeq;
    long received;
    long expectedPrior;
    long receivedPrior;
    long lastNackCheckNanos;

    // The publisher's last sender report: NTP and RTP time at one instant (for lip sync).
    volatile long srNtp;
    volatile long srRtp;
    volatile long srArrivalNanos;

    volatile long lastKeyframeRequestNanos;
    /** RFC 6464 audio-level extension id negotiated for this track, or 0. */
    final int audioLevelExtId;
    /** The publisher's loudness, fed from the audio-level extension. */
    final DominantSpeaker.Level level;
    /** A host control holds this track back: received and cached, not forwarded. */
    volatile boolean blocked;
    /** Audio last-N: this microphone is not among the room's loudest few right now. */
    volatile boolean suppressed;

    UpTrack(String trackId, String mid, String kind, String source, Codec codec, long ssrc, long rtxSsrc,
            SfuParticipant publisher, int audioLevelExtId, DominantSpeaker.Level level) {
        this.audioLevelExtId = audioLevelExtId;
        this.level = level;
        this.trackId = trackId;
        this.mid = mid;
        this.kind = kind;
        this.source = source;
        this.codec = codec;
        this.ssrc = ssrc;
        this.rtxSsrc = rtxSsrc;
        this.publisher = publisher;
        this.cache = new PacketCache(isVideo() ? 1024 : 64, 1500);
    }

    boolean isVideo() {
        return "video".equals(kind);
    }

    /** Sequence bookkeeping for receiver reports. */
    void countReceived(int seq) {
        received++;
        if (baseSeq < 0) {
            baseSeq = seq;
            maxSeq = seq;
            return;
        }
        int d = SeqNum.diff(seq, maxSeq);
        if (d > 0) {
            if (seq < maxSeq) {
                cycles += 65536;
            }
            maxSeq = seq;
        }
    }

    long extendedMax() {
        return cycles + maxSeq;
    }

    boolean anyDownWaitingForKeyframe() {
        for (DownTrack d : downs) {
            if (d.waitingKeyframe && d.active) {
                return true;
            }
        }
        return false;
    }
}
