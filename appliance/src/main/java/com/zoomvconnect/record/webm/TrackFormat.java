package com.zoomvconnect.record.webm;

/**
 * The one track of a recorded file.
 *
 * @param video        video (else audio)
 * @param codecId      Matroska codec id: {@code V_VP8}, {@code V_VP9}, {@code V_MPEG4/ISO/AVC}, {@code A_OPUS}
 * @param codecPrivate codec initialisation data (OpusHead, avcC) or null
 * @param width        video pixel width (0 for audio)
 * @param height       video pixel height (0 for audio)
 * @param sampleRate   audio sampling frequency (0 for video)
 * @param channels     audio channels (0 for video)
 * @param name         track name (the participant and source), shown by players
 */
public record TrackFormat(boolean video, String codecId, byte[] codecPrivate, int width, int height, int sampleRate,
                          int channels, String name) {

    /** Opus as WebRTC sends it: 48 kHz, decoded as stereo (mono packets upmix), RFC 7845 §5.1 header. */
    public static TrackFormat opus(String name) {
        byte[] head = {'O', 'p', 'u', 's', 'H', 'e', 'a', 'd', 1, 2, 0x38, 0x01, (byte) 0x80, (byte) 0xBB, 0, 0, 0, 0, 0};
        return new TrackFormat(false, "A_OPUS", head, 0, 0, 48_000, 2, name);
    }

    public static TrackFormat video(String codecId, byte[] codecPrivate, int width, int height, String name) {
        return new TrackFormat(true, codecId, codecPrivate, width, height, 0, 0, name);
    }

    /** Matroska WebM only allows VP8/VP9/AV1/Opus/Vorbis; H.264 goes in a .mkv. */
    public boolean webmCompatible() {
        return !codecId.startsWith("V_MPEG4");
    }
}
