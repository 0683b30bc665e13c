package io.pauz.api.identity;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Signed-in sessions. The REST layer's one authentication filter calls {@link #validate(String)} for
 * every request that is not {@link io.pauz.api.rest.Public}; the accounts feature provides it.
 */
@ProviderType
public interface Sessions {
    /** The session of a bearer token, or empty when the token is unknown, expired or revoked. */
    Optional<Session> validate(String token);
}
