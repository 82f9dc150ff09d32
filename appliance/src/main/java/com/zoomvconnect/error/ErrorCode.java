package com.zoomvconnect.error;

/**
 * Stable, client-visible error codes and the HTTP status each maps to: the one vocabulary of the
 * REST API, the signaling socket and the live room. Signaling sends only {@link #code()}; the
 * status says what the same refusal would be over HTTP.
 */
public enum ErrorCode {
    BAD_REQUEST("bad_request", 400),
    MALFORMED_JSON("malformed_json", 400),
    INVALID_FIELD("invalid_field", 400),
    UNKNOWN_ACCOUNT("unknown_account", 400),
    UNAUTHORIZED("unauthorized", 401),
    INVALID_CREDENTIALS("invalid_credentials", 401),
    INVALID_TOKEN("invalid_token", 401),
    TOKEN_REUSED("token_reused", 401),
    PASSCODE_REQUIRED("passcode_required", 401),
    WRONG_PASSCODE("wrong_passcode", 403),
    FORBIDDEN("forbidden", 403),
    REGISTRATION_CLOSED("registration_closed", 403),
    EMAIL_DOMAIN_NOT_ALLOWED("email_domain_not_allowed", 403),
    GUESTS_NOT_ALLOWED("guests_not_allowed", 403),
    ACCOUNT_DISABLED("account_disabled", 403),
    /** Single sign-on refused: the identity provider's answer did not pass validation, or it could not be reached. */
    SSO_FAILED("sso_failed", 401),
    /** The single sign-on method asked for is not enabled on this server. */
    SSO_DISABLED("sso_disabled", 404),
    /** SSO-only mode: local passwords sign in only the break-glass administrators (docs/sso.md). */
    LOCAL_SIGN_IN_OFF("local_sign_in_off", 403),
    /** An IdP or directory vouched for someone but gave too little to make an account (no e-mail, no subject). */
    EXTERNAL_IDENTITY_INCOMPLETE("external_identity_incomplete", 403),
    NOT_FOUND("not_found", 404),
    METHOD_NOT_ALLOWED("method_not_allowed", 405),
    CONFLICT("conflict", 409),
    EMAIL_TAKEN("email_taken", 409),
    MEETING_ENDED("meeting_ended", 409),
    NOT_LIVE("not_live", 409),
    RECORDING_ACTIVE("recording_active", 409),
    RECORDING_INACTIVE("recording_inactive", 409),
    /** Recording and transcription need plaintext media, which an end-to-end encrypted meeting never gives the server. */
    E2EE_NO_RECORDING("e2ee_no_recording", 409),
    /** The meeting was created while administrators had turned recording off (meetingDefaults.recordingAllowed). */
    RECORDING_NOT_ALLOWED("recording_not_allowed", 403),
    /** The site's policy (off or required) forbids the meeting's end-to-end encryption choice. */
    E2EE_POLICY("e2ee_policy", 409),
    /** End-to-end encryption is chosen before anyone joins; it cannot change once the meeting has been live. */
    E2EE_LOCKED("e2ee_locked", 409),
    /** A key-exchange message in a meeting that is not end-to-end encrypted. */
    E2EE_OFF("e2ee_off", 409),
    PAYLOAD_TOO_LARGE("payload_too_large", 413),
    RANGE_NOT_SATISFIABLE("range_not_satisfiable", 416),
    DISK_FULL("disk_full", 507),
    QUOTA_EXCEEDED("quota_exceeded", 507),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
    RATE_LIMITED("rate_limited", 429),
    INTERNAL("internal_error", 500),
    /** The database cannot be reached (stopped, restarting, unreachable): retry after the Retry-After seconds. */
    DATABASE_UNAVAILABLE("database_unavailable", 503),
    /** The LDAP / Active Directory server cannot be reached or refused the service account. */
    DIRECTORY_UNAVAILABLE("directory_unavailable", 503),
    /** Cluster mode: no live node can host the meeting now (all dead, or cut off from the database). */
    CLUSTER_UNAVAILABLE("cluster_unavailable", 503),
    /** Cluster mode: the meeting is hosted on another node; join again to be sent there. */
    WRONG_NODE("wrong_node", 409),

    // Signaling: the socket's own protocol (docs/signaling.md).
    /** No {@code join} within the time allowed after the socket opened. */
    JOIN_TIMEOUT("join_timeout", 408),
    /** Signaling: {@code signal.max.sockets} sockets are open; this one is closed (1013). */
    SERVER_BUSY("server_busy", 503),
    ALREADY_JOINED("already_joined", 409),
    NOT_JOINED("not_joined", 409),
    /** The request needs admission; the sender is still in the waiting room. */
    WAITING("waiting", 409),
    /** A signaling message over the size limit (REST says {@link #PAYLOAD_TOO_LARGE}). */
    MESSAGE_TOO_LARGE("too_large", 413),
    /** A signaling message that is not a JSON object of a known shape (REST says {@link #MALFORMED_JSON}). */
    MALFORMED_MESSAGE("malformed", 400),
    UNKNOWN_TYPE("unknown_type", 400),
    INVALID_SDP("invalid_sdp", 400),

    // The live room: entry refused, and host controls or their rules.
    BANNED("banned", 403),
    MEETING_LOCKED("meeting_locked", 403),
    /** The meeting has as many participants as {@code meeting.max-participants} allows (hosts and co-hosts still enter). */
    MEETING_FULL("meeting_full", 403),
    /** A host turned a waiting entrant away. */
    DENIED("denied", 403),
    INVALID_TARGET("invalid_target", 400),
    UNMUTE_NOT_ALLOWED("unmute_not_allowed", 403),
    CHAT_DISABLED("chat_disabled", 403),
    PRIVATE_CHAT_DISABLED("private_chat_disabled", 403),
    WEBINAR_VIEW_ONLY("webinar_view_only", 403),
    SCREEN_SHARE_NOT_ALLOWED("screen_share_not_allowed", 403),
    RECORDING_UNAVAILABLE("recording_unavailable", 503),
    RECORDING_FAILED("recording_failed", 500),
    /** Live captions need the server to hear the microphones, which an end-to-end encrypted meeting never lets it. */
    E2EE_NO_CAPTIONS("e2ee_no_captions", 409),
    /** Captions need a speech recognizer (pocketsphinx or a Vosk model) and none is installed, or the server has no captioner. */
    CAPTIONS_UNAVAILABLE("captions_unavailable", 503),

    // Breakout rooms (docs/signaling.md, "Breakout rooms").
    /** The request needs breakouts to be open. */
    BREAKOUTS_CLOSED("breakouts_closed", 409),
    /** The request needs breakouts to be closed (the plan cannot change while they run). */
    BREAKOUTS_OPEN("breakouts_open", 409),
    UNKNOWN_ROOM("unknown_room", 404),
    /** Attendees pick their own room only when the host allows it. */
    CHOOSING_NOT_ALLOWED("choosing_not_allowed", 403),
    /** A breakout plan with a bad room count, name, duration or grace period. */
    INVALID_BREAKOUTS("invalid_breakouts", 400);

    private final String code;
    private final int httpStatus;

    ErrorCode(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The wire value of the code, e.g. {@code email_taken}. */
    public String code() {
        return code;
    }

    /** The HTTP status the API answers with. */
    public int httpStatus() {
        return httpStatus;
    }
}
