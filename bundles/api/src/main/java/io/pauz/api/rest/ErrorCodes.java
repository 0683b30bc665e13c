package io.pauz.api.rest;

/** Error codes used by the platform itself; features add their own. */
public final class ErrorCodes {
    public static final String BAD_JSON = "bad_json";
    public static final String BAD_REQUEST = "bad_request";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String NOT_FOUND = "not_found";
    public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    public static final String NOT_ACCEPTABLE = "not_acceptable";
    public static final String CONFLICT = "conflict";
    public static final String TOO_LARGE = "payload_too_large";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
    public static final String INVALID = "invalid";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String INTERNAL = "internal_error";
    public static final String UNAVAILABLE = "unavailable";

    private ErrorCodes() {
    }
}
