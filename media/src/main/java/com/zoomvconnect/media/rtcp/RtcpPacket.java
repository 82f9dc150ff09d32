package com.zoomvconnect.media.rtcp;

import java.util.List;

/** The RTCP packets the SFU reads (RFC 3550 §6, RFC 4585, RFC 5104, REMB). */
public sealed interface RtcpPacket {
    /** A report block of SR/RR (RFC 3550 §6.4.1). */
    record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long highestSeq, long jitter, long lastSr,
                       long delaySinceLastSr) {
    }

    /** SR: the sender's NTP time and the RTP timestamp at that instant. */
    record SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
                        List<ReportBlock> reports) implements RtcpPacket {
    }

    record ReceiverReport(long ssrc, List<ReportBlock> reports) implements RtcpPacket {
    }

    /** PSFB FMT=1: picture loss indication (RFC 4585 §6.3.1). */
    record Pli(long senderSsrc, long mediaSsrc) implements RtcpPacket {
    }

    /** PSFB FMT=4: full intra request (RFC 5104 §4.3.1); one entry per requested SSRC. */
    record Fir(long senderSsrc, List<Long> mediaSsrcs) implements RtcpPacket {
    }

    /** RTPFB FMT=1: generic NACK (RFC 4585 §6.2.1), expanded to sequence numbers. */
    record Nack(long senderSsrc, long mediaSsrc, int[] sequences) implements RtcpPacket {
    }

    /** PSFB FMT=15 "REMB": receiver estimated maximum bitrate. */
    record Remb(long senderSsrc, long bitrate, List<Long> ssrcs) implements RtcpPacket {
    }

    record Bye(List<Long> ssrcs) implements RtcpPacket {
    }

    /** Anything else (SDES, APP, transport-cc, XR ...), kept as type and format only. */
    record Other(int packetType, int format) implements RtcpPacket {
    }
}
