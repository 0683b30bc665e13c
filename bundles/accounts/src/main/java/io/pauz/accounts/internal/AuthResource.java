package io.pauz.accounts.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pauz.api.identity.IdentityException;
import io.pauz.api.identity.IdentityProvider;
import io.pauz.api.identity.RedirectLogin;
import io.pauz.api.identity.VerifiedIdentity;
import io.pauz.api.memory.MemoryService;
import io.pauz.api.memory.NamedCache;
import io.pauz.api.platform.PlatformInfo;
import io.pauz.api.rest.ApiException;
import io.pauz.api.rest.PauzPrincipal;
import io.pauz.api.rest.PauzResource;
import io.pauz.api.rest.Public;

/**
 * Sign-in paths: local accounts, the browser code flow of every {@link RedirectLogin} provider
 * (state, nonce and PKCE verifier kept in SmartMemory for ten minutes, usable once), ID tokens from
 * mobile clients, and logout.
 */
@Component(service = AuthResource.class)
@PauzResource
@Path("auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {
    static final String LOGIN_CACHE = "oidc-logins";
    private static final Duration LOGIN_TTL = Duration.ofMinutes(10);
    /** Dynamic: while storage is switching or down the resource stays and answers 503. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AccountService service;
    private final PlatformInfo platform;
    private final NamedCache logins;
    private final ObjectMapper json = new ObjectMapper();
    private final List<IdentityProvider> providers = new CopyOnWriteArrayList<>();

    public record Credentials(String email, String password, String name) {
    }

    public record IdTokenRequest(String idToken, String nonce) {
    }

    @Activate
    public AuthResource(@Reference PlatformInfo platform, @Reference MemoryService memory) {
        this.platform = platform;
        this.logins = memory.cache(LOGIN_CACHE);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProvider(IdentityProvider provider) {
        providers.add(provider);
    }

    void removeProvider(IdentityProvider provider) {
        providers.remove(provider);
    }

    @POST
    @Public
    @Path("local/register")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(Credentials body) {
        Credentials c = require(body);
        return Response.status(201).entity(accounts().register(c.email(), c.password(), c.name())).build();
    }

    @POST
    @Public
    @Path("local/login")
    @Consumes(MediaType.APPLICATION_JSON)
    public SessionGrant login(Credentials body, @Context HttpServletRequest request) {
        Credentials c = require(body);
        return accounts().login(c.email(), c.password(), request == null ? "unknown" : request.getRemoteAddr());
    }

    @POST
    @Path("logout")
    public Response logout(@Context SecurityContext security, @Context HttpHeaders headers) {
        PauzPrincipal user = PauzPrincipal.of(security);
        String auth = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        accounts().logout(user.sessionId(), user.userId(), auth == null ? null : auth.substring(7).trim());
        return Response.noContent().build();
    }

    /** Starts a browser sign-in: 302 to the provider's authorize URL. */
    @GET
    @Public
    @Path("{provider}/login")
    public Response startLogin(@PathParam("provider") String id) {
        RedirectLogin provider = redirectProvider(id);
        try {
            RedirectLogin.LoginStart start = provider.start(callback(id));
            logins.put(start.state(), json.writeValueAsString(start), LOGIN_TTL);
            return Response.status(302).location(start.authorizeUri()).header("Cache-Control", "no-store").build();
        } catch (IdentityException e) {
            throw failed(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The provider sends the browser back here with {@code code} and {@code state}. A browser navigation
     * ({@code Accept: text/html}) is sent on to the web client with the token in the URL fragment, which never
     * reaches a server log; API clients get the session as JSON.
     */
    @GET
    @Public
    @Path("{provider}/callback")
    public Response callback(@PathParam("provider") String id, @QueryParam("code") String code,
            @QueryParam("state") String state, @QueryParam("error") String error,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        SessionGrant grant = completeSignIn(id, code, state, error);
        if (accept != null && accept.contains(MediaType.TEXT_HTML)) {
            String fragment = "token=" + URLEncoder.encode(grant.token(), StandardCharsets.UTF_8);
            return Response.seeOther(URI.create("/signin#" + fragment)).header("Cache-Control", "no-store").build();
        }
        return Response.ok(grant, MediaType.APPLICATION_JSON).header("Cache-Control", "no-store").build();
    }

    private SessionGrant completeSignIn(String id, String code, String state, String error) {
        RedirectLogin provider = redirectProvider(id);
        if (error != null) {
            throw new ApiException(401, "sign_in_refused", "the identity provider refused the sign-in: " + error);
        }
        if (code == null || state == null) {
            throw ApiException.badRequest("missing_code", "code and state are required");
        }
        String saved = logins.get(state).orElseThrow(
                () -> new ApiException(401, "invalid_state", "unknown or expired sign-in; start again"));
        logins.remove(state); // a state is good for one callback only
        try {
            RedirectLogin.LoginStart start = json.readValue(saved, RedirectLogin.LoginStart.class);
            return accounts().signIn(provider.complete(start, code));
        } catch (IdentityException e) {
            throw failed(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Mobile clients that already hold an ID token. */
    @POST
    @Public
    @Path("{provider}/token")
    @Consumes(MediaType.APPLICATION_JSON)
    public SessionGrant token(@PathParam("provider") String id, IdTokenRequest body) {
        if (body == null || body.idToken() == null || body.idToken().isBlank()) {
            throw ApiException.badRequest("missing_id_token", "idToken is required");
        }
        IdentityProvider provider = provider(id);
        try {
            VerifiedIdentity identity = provider.verifyToken(body.idToken(), body.nonce());
            return accounts().signIn(identity);
        } catch (IdentityException e) {
            throw failed(e);
        }
    }

    private AccountService accounts() {
        return AccountService.available(() -> service);
    }

    private URI callback(String id) {
        return URI.create(platform.baseUrl() + "/api/v1/auth/" + id + "/callback");
    }

    private IdentityProvider provider(String id) {
        for (IdentityProvider p : providers) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw ApiException.notFound("provider_not_found", "no identity provider '" + id + "' is configured");
    }

    private RedirectLogin redirectProvider(String id) {
        if (provider(id) instanceof RedirectLogin redirect) {
            return redirect;
        }
        throw ApiException.notFound("provider_not_found", "provider '" + id + "' has no browser sign-in");
    }

    private static ApiException failed(IdentityException e) {
        return e.providerUnavailable()
                ? new ApiException(503, "provider_unavailable", "the identity provider cannot be reached", e)
                : new ApiException(401, "invalid_token", e.getMessage());
    }

    private static Credentials require(Credentials c) {
        if (c == null || c.email() == null || c.password() == null) {
            throw ApiException.badRequest("missing_fields", "email and password are required");
        }
        return c;
    }

}
