package com.zoomvconnect.media.turn;

/** The transport between a TURN client and the server (RFC 8656 §3.1); streams pad ChannelData (§12.5). */
public enum ClientTransport {
    UDP,
    TCP,
    TLS;

    public boolean isStream() {
        return this != UDP;
    }
}
