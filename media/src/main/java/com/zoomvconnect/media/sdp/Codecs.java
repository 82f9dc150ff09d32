package com.zoomvconnect.media.sdp;

import java.util.List;

/** Writing codecs into an m-line, and the fixed payload types of subscribe offers. */
public final class Codecs {
    static final List<String> VIDEO_FEEDBACK = List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli");

    /** Payload types the SFU uses towards subscribers (its own offers), whatever publishers chose. */
    public static final int OPUS_PT = 111;
    public static final int VP8_PT = 96;
    public static final int VP9_PT = 98;
    public static final int H264_PT = 102;

    private Codecs() {
    }

    /** The codec as offered to subscribers: fixed payload type, no RTX (retransmissions reuse the stream). */
    public static Codec forSubscriber(Codec published) {
        int pt = switch (published.key()) {
            case "OPUS" -> OPUS_PT;
            case "VP9" -> VP9_PT;
            case "H264" -> H264_PT;
            default -> VP8_PT;
        };
        String fmtp = published.fmtp() == null ? "" : published.fmtp().replaceAll(";?x-google-start-bitrate=\\d+", "");
        if (fmtp.startsWith(";")) {
            fmtp = fmtp.substring(1);
        }
        List<String> fb = published.isVideo() ? VIDEO_FEEDBACK : List.of("transport-cc");
        return new Codec(pt, published.name(), published.clockRate(), published.channels(), fmtp, -1, fb);
    }

    static void describe(Codec c, List<String> formats, List<Attribute> attrs) {
        formats.add(Integer.toString(c.payloadType()));
        attrs.add(new Attribute("rtpmap", c.payloadType() + " " + c.rtpmap()));
        for (String fb : c.rtcpFeedback()) {
            attrs.add(new Attribute("rtcp-fb", c.payloadType() + " " + fb));
        }
        if (c.fmtp() != null && !c.fmtp().isBlank()) {
            attrs.add(new Attribute("fmtp", c.payloadType() + " " + c.fmtp()));
        }
        if (c.rtxPayloadType() >= 0) {
            formats.add(Integer.toString(c.rtxPayloadType()));
            attrs.add(new Attribute("rtpmap", c.rtxPayloadType() + " rtx/" + c.clockRate()));
            attrs.add(new Attribute("fmtp", c.rtxPayloadType() + " apt=" + c.payloadType()));
        }
    }
}
