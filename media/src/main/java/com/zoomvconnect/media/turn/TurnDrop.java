package com.zoomvconnect.media.turn;

/** Why a message was silently discarded (indications and data get no error response, RFC 8656 §10-12). */
public enum TurnDrop {
    MALFORMED,
    UNKNOWN_KIND,
    NO_ALLOCATION,
    NO_PERMISSION,
    NO_CHANNEL,
    FORBIDDEN_PEER,
    OVER_BUDGET,
    SEND_ERROR,
    /** A bug in handling one message; the listener keeps serving. */
    INTERNAL_ERROR,
    /** A stream client's send queue was full (a slow TCP/TLS peer); dropped as UDP would lose it. */
    STREAM_BACKLOG,
    /** Responses and indications the server does not act on (a client's Data indication, ...). */
    IGNORED
}
