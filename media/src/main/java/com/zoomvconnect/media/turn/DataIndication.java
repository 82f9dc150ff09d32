package com.zoomvconnect.media.turn;

import com.zoomvconnect.media.stun.Stun;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a Data indication (RFC 8656 §11.3: XOR-PEER-ADDRESS and DATA) around data already in a
 * buffer, so the relay path wraps a peer's datagram without copying it: the header goes into the
 * headroom before the data, the padding after it.
 */
final class DataIndication {
    /** Headroom an IPv6 peer needs: header 20, XOR-PEER-ADDRESS 4+20, DATA header 4. */
    static final int HEADROOM = 48;

    private DataIndication() {
    }

    /**
     * Wraps {@code dataLen} bytes at {@code dataOff} (which has {@link #HEADROOM} bytes before it
     * and 3 after). {@code rawAddress} is the peer's 4 or 16 address bytes. Returns the message's
     * start; it ends at {@code dataOff + padded(dataLen)}.
     */
    static int wrap(byte[] b, int dataOff, int dataLen, byte[] rawAddress, int port) {
        int addrLen = rawAddress.length;
        int padded = (dataLen + 3) & ~3;
        for (int i = dataOff + dataLen; i < dataOff + padded; i++) {
            b[i] = 0;
        }
        int dataAttr = dataOff - 4;
        int peerAttr = dataAttr - 8 - addrLen;
        int start = peerAttr - Stun.HEADER_LENGTH;
        putShort(b, start, Stun.DATA | Stun.CLASS_INDICATION);
        putShort(b, start + 2, 8 + addrLen + 4 + padded);
        putInt(b, start + 4, Stun.MAGIC_COOKIE);
        // Indications need no unguessable transaction id; any fresh value will do (RFC 8489 §6).
        var rnd = ThreadLocalRandom.current();
        putInt(b, start + 8, rnd.nextInt());
        putInt(b, start + 12, rnd.nextInt());
        putInt(b, start + 16, rnd.nextInt());
        putShort(b, peerAttr, Stun.XOR_PEER_ADDRESS);
        putShort(b, peerAttr + 2, 4 + addrLen);
        b[peerAttr + 4] = 0;
        b[peerAttr + 5] = (byte) (addrLen == 4 ? 1 : 2);
        putShort(b, peerAttr + 6, port ^ (Stun.MAGIC_COOKIE >>> 16));
        for (int i = 0; i < addrLen; i++) {
            // The mask is the magic cookie then the transaction id (RFC 8489 §14.2).
            b[peerAttr + 8 + i] = (byte) (rawAddress[i] ^ b[start + 4 + i]);
        }
        putShort(b, dataAttr, Stun.DATA_ATTR);
        putShort(b, dataAttr + 2, dataLen);
        return start;
    }

    private static void putShort(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
