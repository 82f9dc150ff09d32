package com.zoomvconnect.error;

/** Stable, client-visible error codes and the HTTP status each maps to. */
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
    NOT_FOUND("not_found", 404),
    METHOD_NOT_ALLOWED("method_not_allowed", 405),
    CONFLICT("conflict", 409),
    EMAIL_TAKEN("email_taken", 409),
    MEETING_ENDED("meeting_ended", 409),
    NOT_LIVE("not_live", 409),
    RECORDING_ACTIVE("recording_active", 409),
    RECORDING_INACTIVE("recording_inactive", 409),
    PAYLOAD_TOO_LARGE("payload_too_large", 413),
    RANGE_NOT_SATISFIABLE("range_not_satisfiable", 416),
    DISK_FULL("disk_full", 507),
    QUOTA_EXCEEDED("quota_exceeded", 507),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
    RATE_LIMITED("rate_limited", 429),
    INTERNAL("internal_error", 500);

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
