package io.pauz.api.identity;

/** Credentials or tokens were rejected, or the provider could not be reached. */
public class IdentityException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean providerUnavailable;

    public IdentityException(String message) {
        this(message, null, false);
    }

    public IdentityException(String message, Throwable cause, boolean providerUnavailable) {
        super(message, cause);
        this.providerUnavailable = providerUnavailable;
    }

    /** True when the provider failed, false when the credentials were wrong. */
    public boolean providerUnavailable() {
        return providerUnavailable;
    }
}
