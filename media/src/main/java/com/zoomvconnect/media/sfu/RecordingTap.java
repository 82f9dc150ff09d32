package com.zoomvconnect.media.sfu;

/**
 * Receives a room's published tracks for recording: the SFU hands every decrypted RTP packet of
 * each track to the sink the tap returns for it, on the media thread.
 */
public interface RecordingTap {
    /** A track is published (or was already when recording started); null skips it. */
    TrackSink trackAdded(RecordedTrack track);

    /** Where one track's packets go. Implementations copy what they keep and never block. */
    interface TrackSink {
        /**
         * An RTP packet (header included) of simulcast layer {@code layer} (0 lowest), after RTX
         * unwrapping; {@code buf} is reused after the call returns.
         */
        void onRtp(byte[] buf, int off, int len, int layer, long nowNanos);

        /**
         * A sender report for layer {@code layer}: the publisher's NTP time (RFC 3550 §6.4.1, 32.32
         * fixed point) at the instant of RTP timestamp {@code rtpTimestamp}. One clock for all of a
         * publisher's tracks and layers, so frame times taken from it keep audio and video in sync.
         */
        default void onSenderReport(int layer, long ntpTimestamp, long rtpTimestamp) {
        }

        /** The track was unpublished, its publisher left, or recording stopped. Called once. */
        void trackEnded();
    }

    /**
     * A track to record.
     *
     * @param codec           codec name as in SDP: opus, VP8, VP9, H264
     * @param clockRate       RTP clock rate
     * @param layers          simulcast layers (1 without simulcast)
     * @param keyframeRequest asks the publisher for a keyframe on a layer (PLI, rate-limited)
     */
    record RecordedTrack(String participantId, String trackId, String kind, String source, String codec, int clockRate,
                         int layers, java.util.function.IntConsumer keyframeRequest) {
    }
}
