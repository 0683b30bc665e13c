package io.pauz.api.feature;

/** A feature could not be installed or removed. */
public class FeatureException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean unknown;

    public FeatureException(String message, boolean unknown, Throwable cause) {
        super(message, cause);
        this.unknown = unknown;
    }

    /** True when no feature has that name. */
    public boolean unknown() {
        return unknown;
    }
}
