package com.zoomvconnect.media.turn;

/** Why the server refused a request (an error response) or dropped a message; each has a counter. */
public enum Refusal {
    /** 401 without credentials: the first step of every login (RFC 8489 §9.2.4). */
    CHALLENGED(401, "Unauthenticated"),
    BAD_CREDENTIALS(401, "Unauthenticated"),
    EXPIRED_CREDENTIALS(401, "Unauthenticated"),
    STALE_NONCE(438, "Stale Nonce"),
    BAD_REQUEST(400, "Bad Request"),
    UNKNOWN_ATTRIBUTE(420, "Unknown Attribute"),
    ALLOCATION_MISMATCH(437, "Allocation Mismatch"),
    WRONG_CREDENTIALS(441, "Wrong Credentials"),
    UNSUPPORTED_TRANSPORT(442, "Unsupported Transport Protocol"),
    ADDRESS_FAMILY_NOT_SUPPORTED(440, "Address Family not Supported"),
    PEER_ADDRESS_FAMILY_MISMATCH(443, "Peer Address Family Mismatch"),
    FORBIDDEN_PEER(403, "Forbidden"),
    QUOTA_REACHED(486, "Allocation Quota Reached"),
    INSUFFICIENT_CAPACITY(508, "Insufficient Capacity");

    final int code;
    final String reason;

    Refusal(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }
}
