package com.zoomvconnect.media.sdp;

import java.util.Set;

/** RTP header extension URIs the SFU understands (RFC 8285 negotiation via a=extmap). */
public final class RtpExtensions {
    public static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public static final String RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public static final String REPAIRED_RID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public static final String TRANSPORT_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /** Accepted on publish connections. */
    public static final Set<String> ACCEPTED = Set.of(MID, RID, REPAIRED_RID, ABS_SEND_TIME, AUDIO_LEVEL, TRANSPORT_CC);

    private RtpExtensions() {
    }
}
