package io.pauz.api.identity;

import java.net.URI;

import org.osgi.annotation.versioning.ConsumerType;

/** An identity provider with a browser sign-in: authorization code flow with PKCE, state and nonce. */
@ConsumerType
public interface RedirectLogin extends IdentityProvider {

    /** Starts a sign-in: where to send the browser and the secrets to keep until the callback. */
    LoginStart start(URI redirectUri) throws IdentityException;

    /** Finishes a sign-in: exchanges {@code code} and verifies the ID token against {@code start}. */
    VerifiedIdentity complete(LoginStart start, String code) throws IdentityException;

    /**
     * @param authorizeUri where to redirect the browser
     * @param state        opaque value echoed by the provider, ties callback to start
     * @param nonce        value the ID token must carry
     * @param codeVerifier PKCE verifier, sent with the code exchange
     */
    record LoginStart(URI authorizeUri, URI redirectUri, String state, String nonce, String codeVerifier) {
    }
}
