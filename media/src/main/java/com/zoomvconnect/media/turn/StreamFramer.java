package com.zoomvconnect.media.turn;

import com.zoomvconnect.media.stun.Stun;
import java.nio.ByteBuffer;

/**
 * Cuts a TURN byte stream (TCP or TLS, RFC 8656 §3.1; RFC 6062) into messages. On a stream, STUN
 * messages and ChannelData follow each other with no framing of their own: a STUN message is its
 * 20-byte header plus the length field, a ChannelData message its 4-byte header plus the data
 * padded to a multiple of 4 (RFC 8656 §12.5). Anything else means the stream is lost and the
 * connection must be closed. One framer per connection, used by that connection's reader thread.
 */
public final class StreamFramer {
    /** Largest message: a STUN header plus a 16-bit length, or a padded ChannelData. */
    static final int MAX_MESSAGE = Stun.HEADER_LENGTH + 0xFFFF;

    /** Receives each whole message; the buffer is reused after the call. */
    @FunctionalInterface
    public interface Sink {
        void onMessage(ByteBuffer message);
    }

    /** The stream held something that is neither STUN nor ChannelData. */
    public static final class FramingException extends Exception {
        private static final long serialVersionUID = 1L;

        FramingException(String message) {
            super(message, null, false, false);
        }
    }

    private final ByteBuffer pending = ByteBuffer.allocate(2 * MAX_MESSAGE);
    private final ByteBuffer view = pending.duplicate();

    /** Feeds the bytes read from the connection; calls {@code sink} once per complete message, in order. */
    public void feed(byte[] b, int off, int len, Sink sink) throws FramingException {
        while (len > 0) {
            int n = Math.min(len, pending.remaining());
            pending.put(b, off, n);
            off += n;
            len -= n;
            drain(sink);
        }
    }

    private void drain(Sink sink) throws FramingException {
        byte[] a = pending.array();
        int start = 0;
        int end = pending.position();
        while (end - start >= 4) {
            int size = messageSize(a, start);
            if (end - start < size) {
                break;
            }
            view.limit(start + size).position(start);
            sink.onMessage(view);
            start += size;
        }
        // Keep the partial message at the front (at most one message's worth is ever moved).
        System.arraycopy(a, start, a, 0, end - start);
        pending.position(end - start);
    }

    private static int messageSize(byte[] a, int at) throws FramingException {
        int first = a[at] & 0xff;
        int length = ((a[at + 2] & 0xff) << 8) | (a[at + 3] & 0xff);
        if ((first & 0xC0) == 0) {
            if ((length & 3) != 0) {
                throw new FramingException("STUN length " + length + " is not a multiple of 4");
            }
            return Stun.HEADER_LENGTH + length;
        }
        if (ChannelData.looksLikeChannelData(first)) {
            return ChannelData.streamLength(length);
        }
        throw new FramingException("neither STUN nor ChannelData: first byte " + first);
    }
}
