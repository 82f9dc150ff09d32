package com.zoomvconnect.media.sdp;

import java.util.List;
import java.util.Locale;

/**
 * A negotiated codec: payload type, encoding name, clock rate, channels, fmtp parameters and,
 * for video, the RTX payload type that retransmits it (RFC 4588), or -1.
 */
public record Codec(int payloadType, String name, int clockRate, int channels, String fmtp, int rtxPayloadType,
                    List<String> rtcpFeedback) {

    public static final String OPUS = "opus";
    public static final String VP8 = "VP8";
    public static final String VP9 = "VP9";
    public static final String H264 = "H264";

    public boolean isVideo() {
        return !name.equalsIgnoreCase(OPUS);
    }

    public String rtpmap() {
        return name + "/" + clockRate + (channels > 1 ? "/" + channels : "");
    }

    public boolean is(String codecName) {
        return name.equalsIgnoreCase(codecName);
    }

    /** The same codec under another payload type (subscribe offers use fixed numbers). */
    public Codec withPayloadType(int pt, int rtxPt) {
        return new Codec(pt, name, clockRate, channels, fmtp, rtxPt, rtcpFeedback);
    }

    public String key() {
        return name.toUpperCase(Locale.ROOT);
    }
}
