package com.zoomvconnect.loadgen;

import com.zoomvconnect.media.client.ClientPeer;
import com.zoomvconnect.media.rtp.RtpPacket;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

/**
 * The least media a test of the SFU needs, without signaling: an 80-byte Opus-sized audio packet
 * every 20 ms and a one-packet VP8 frame every 40 ms (a keyframe when asked), each ending in the
 * sender's tag byte so a receiver can tell senders apart.
 */
public final class TinyMedia {
    private TinyMedia() {
    }

    /** Sends on {@code peer} (payload types 111 and 96) while {@code running}; {@code keyframe} says whether the next frame is one. */
    public static void send(ClientPeer peer, long audioSsrc, long videoSsrc, int tag, BooleanSupplier running,
                            BooleanSupplier keyframe) {
        byte[] pkt = new byte[200];
        int audioSeq = 0;
        int videoSeq = 0;
        long audioTs = 0;
        long videoTs = 0;
        for (int i = 0; running.getAsBoolean(); i++) {
            header(pkt, 111, audioSeq++, audioTs, audioSsrc);
            pkt[79] = (byte) tag;
            peer.sendRtp(pkt, 80);
            audioTs += 960;
            if (i % 2 == 0) {
                header(pkt, 96, videoSeq++, videoTs, videoSsrc);
                pkt[1] |= (byte) 0x80; // marker: the frame is this one packet
                pkt[12] = 0x10; // RFC 7741 descriptor: start of partition 0
                pkt[13] = (byte) (keyframe.getAsBoolean() ? 0x00 : 0x01); // VP8 payload header: P = 0 on a keyframe
                pkt[179] = (byte) tag;
                peer.sendRtp(pkt, 180);
                videoTs += 3600;
            }
            LockSupport.parkNanos(20_000_000L);
        }
    }

    private static void header(byte[] b, int pt, int seq, long ts, long ssrc) {
        java.util.Arrays.fill(b, (byte) 0);
        b[0] = (byte) 0x80;
        b[1] = (byte) pt;
        RtpPacket.setSequence(b, 0, seq & 0xffff);
        RtpPacket.setTimestamp(b, 0, ts & 0xffffffffL);
        RtpPacket.setSsrc(b, 0, ssrc);
    }
}
