package com.zoomvconnect.media.net;

/** What a datagram on the shared media port is, told by its first byte (RFC 7983 §7). */
public enum PacketKind {
    STUN,
    DTLS,
    RTP_RTCP,
    UNKNOWN;

    /** RFC 7983: [0..3] STUN, [20..63] DTLS, [128..191] RTP/RTCP; everything else is dropped. */
    public static PacketKind of(int firstByte) {
        int b = firstByte & 0xff;
        if (b <= 3) {
            return STUN;
        }
        if (b >= 20 && b <= 63) {
            return DTLS;
        }
        if (b >= 128 && b <= 191) {
            return RTP_RTCP;
        }
        return UNKNOWN;
    }

    /** RTCP packet types 192..223 share the port with RTP under rtcp-mux (RFC 5761 §4). */
    public static boolean isRtcp(byte[] buf, int off, int len) {
        if (len < 2) {
            return false;
        }
        int pt = buf[off + 1] & 0xff;
        return pt >= 192 && pt <= 223;
    }
}
