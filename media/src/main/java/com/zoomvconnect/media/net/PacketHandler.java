package com.zoomvconnect.media.net;

/**
 * Receives every packet that arrives on the media port. Called on the receiving thread: it must
 * not block, and must copy {@code buf} if it keeps it past the call (the buffer is reused).
 */
public interface PacketHandler {
    void onPacket(PacketKind kind, byte[] buf, int off, int len, PacketPath from);

    /** A TCP path closed (UDP paths never do). */
    default void onPathClosed(PacketPath path) {
    }
}
