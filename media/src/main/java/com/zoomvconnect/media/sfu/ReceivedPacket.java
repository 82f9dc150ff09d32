package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.rtp.RtpPacket;

/**
 * The RTP packet the receive stages work on, as offsets into the receive buffer and the header
 * fields they read. One per receiving thread, reused: nothing is allocated per packet.
 */
final class ReceivedPacket {
    byte[] buf;
    int off;
    int len;
    int header;
    int payload;
    long ssrc;
    int seq;
    long timestamp;
    /** Simulcast layer of the encoding it belongs to (0 without simulcast). */
    int layer;
    boolean keyframe;

    /** Reads the header of {@code buf[off..off+len)}; false if it is not a complete RTP header. */
    boolean parseHeader(byte[] b, int o, int n) {
        buf = b;
        off = o;
        len = n;
        keyframe = false;
        layer = 0;
        header = RtpPacket.headerLength(b, o, n);
        if (header < 0) {
            return false;
        }
        ssrc = RtpPacket.ssrc(b, o);
        readSequence();
        return true;
    }

    /** Finds the payload (RFC 3550 §5.1 padding removed); false if the padding is invalid. */
    boolean parsePayload() {
        payload = RtpPacket.payloadLength(buf, off, len, header);
        return payload >= 0;
    }

    /** Both: false if it is not well-formed RTP. */
    boolean parse(byte[] b, int o, int n) {
        return parseHeader(b, o, n) && parsePayload();
    }

    /** Re-reads sequence number and timestamp after the header changed (RTX unwrapping). */
    void readSequence() {
        seq = RtpPacket.sequence(buf, off);
        timestamp = RtpPacket.timestamp(buf, off);
    }

    int payloadOffset() {
        return off + header;
    }

    /** A copy with its own bytes, for another thread to forward while this one's buffer is reused. */
    ReceivedPacket copy() {
        var c = new ReceivedPacket();
        c.buf = java.util.Arrays.copyOfRange(buf, off, off + len);
        c.off = 0;
        c.len = len;
        c.header = header;
        c.payload = payload;
        c.ssrc = ssrc;
        c.seq = seq;
        c.timestamp = timestamp;
        c.layer = layer;
        c.keyframe = keyframe;
        return c;
    }
}
