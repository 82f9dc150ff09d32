package com.zoomvconnect.record.depack;

/**
 * Turns a track's RTP payloads, fed in sequence order, back into frames. A lost packet inside a
 * frame drops that frame; video then waits for the next keyframe (the caller asks for one).
 */
public interface Depacketizer {
    /**
     * @param gap packets were lost right before this one
     * @return a completed frame, or null
     */
    Frame push(byte[] payload, int off, int len, long rtpTimestamp, boolean marker, boolean gap);

    /** Video that lost a packet drops frames until the next keyframe. */
    boolean waitingForKeyframe();

    /** Matroska codec id. */
    String codecId();

    /** Matroska CodecPrivate once known (avcC for H.264), or null. */
    default byte[] codecPrivate() {
        return null;
    }

    static Depacketizer forCodec(String codec) {
        return switch (codec.toUpperCase(java.util.Locale.ROOT)) {
            case "OPUS" -> new OpusDepacketizer();
            case "VP8" -> new Vp8Depacketizer();
            case "VP9" -> new Vp9Depacketizer();
            case "H264" -> new H264Depacketizer();
            default -> null;
        };
    }
}
