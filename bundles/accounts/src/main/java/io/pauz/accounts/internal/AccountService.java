package io.pauz.accounts.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZoneId;
import java.util.List;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import javax.sql.DataSource;


import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.bucket.BucketStore;
import io.pauz.api.bucket.ObjectKeys;
import io.pauz.api.bucket.StoredObject;
import io.pauz.api.identity.Session;
import io.pauz.api.identity.Sessions;
import io.pauz.api.identity.UserDirectory;
import io.pauz.api.identity.UserSummary;
import io.pauz.api.identity.VerifiedIdentity;
import io.pauz.api.memory.MemoryService;
import io.pauz.api.memory.NamedCache;
import io.pauz.api.rest.ApiException;
import io.pauz.api.rest.RateLimitedException;
import io.pauz.api.sql.MigratedSchema;
import io.pauz.support.Awaited;
import io.pauz.support.AwaitedBucketStore;
import io.pauz.support.DaemonThreads;

/**
 * Users, identities and sessions. Sessions are opaque tokens whose SHA-256 is kept in
 * {@code user_sessions}; valid ones are cached in SmartMemory ({@link MemoryService#SESSIONS}) so a
 * request costs no SQL, and logout removes them from the cache and marks them revoked in SQL.
 */
@Component(service = { AccountService.class, Sessions.class, UserDirectory.class }, configurationPid = "io.pauz.accounts")
@Designate(ocd = AccountsConfig.class)
public class AccountService implements Sessions, UserDirectory {
    static final String PROVIDER_LOCAL = "local";
    private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s.]{2,}");
    private static final Duration CACHE_AT_MOST = Duration.ofMinutes(10);
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(5);
    private static final int PREFERENCES_MAX_BYTES = 16 * 1024;

    private final AccountsConfig config;
    private final SqlSessionFactory sql;
    /** Dynamic: updating or switching the bucket provider leaves this component in place (see AwaitedBucketStore). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile BucketStore bucketProvider;
    private final BucketStore buckets = new AwaitedBucketStore(() -> bucketProvider);
    private final NamedCache sessionCache;
    private final PasswordHasher hasher;
    private final LoginRateLimiter emailLimiter;
    private final LoginRateLimiter clientLimiter;
    private final Clock clock = Clock.systemUTC();
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    private final Map<String, Instant> lastTouched = new ConcurrentHashMap<>();
    private final ExecutorService pictureImports = Executors.newSingleThreadExecutor(DaemonThreads.named("pauz-picture-import"));

    @Activate
    public AccountService(AccountsConfig config,
            @Reference(target = "(pauz.sql.provider=*)") DataSource dataSource,
            @Reference(policyOption = ReferencePolicyOption.GREEDY) MemoryService memory,
            @Reference(target = "(" + MigratedSchema.SCHEMA_PROPERTY + "=io.pauz.accounts)") MigratedSchema schema) {
        this(config, dataSource, null, memory, schema);
    }

    /** Tests: a fixed bucket store. */
    AccountService(AccountsConfig config, DataSource dataSource, BucketStore buckets, MemoryService memory,
            MigratedSchema schema) {
        this.config = config;
        this.bucketProvider = buckets;
        this.sessionCache = memory.cache(MemoryService.SESSIONS);
        this.hasher = new PasswordHasher(config.password_iterations());
        Duration window = Duration.ofSeconds(config.login_window_seconds());
        this.emailLimiter = new LoginRateLimiter(config.login_max_failures(), window, clock);
        this.clientLimiter = new LoginRateLimiter(config.login_max_client_failures(), window, clock);
        org.apache.ibatis.session.Configuration mybatis = new org.apache.ibatis.session.Configuration(
                new Environment("pauz", new JdbcTransactionFactory(), dataSource));
        mybatis.addMapper(AccountsMapper.class);
        this.sql = new SqlSessionFactoryBuilder().build(mybatis);
    }

    /** The service, or a 503 while the accounts feature (or the storage under it) is unavailable. */
    static AccountService available(java.util.function.Supplier<AccountService> current) {
        return Awaited.required(current, "accounts_unavailable", "accounts are unavailable right now; try again shortly");
    }

    @Deactivate
    void deactivate() {
        pictureImports.shutdownNow();
    }

    // ---- local accounts ------------------------------------------------------------------

    public SessionGrant register(String email, String password, String name) {
        if (!config.local_registration()) {
            throw new ApiException(403, "registration_closed", "local registration is disabled on this server");
        }
        String normalized = normalizeEmail(email);
        if (password == null || password.length() < 8 || password.length() > 1024) {
            throw ApiException.unprocessable("weak_password", "the password needs 8 to 1024 characters");
        }
        String display = cleanName(name == null || name.isBlank() ? normalized.substring(0, normalized.indexOf('@')) : name);
        String hash = hasher.hash(password);
        UserRow user = newUser(normalized, display, null);
        user.passwordHash = hash;
        try (SqlSession session = sql.openSession(false)) {
            AccountsMapper mapper = session.getMapper(AccountsMapper.class);
            if (mapper.userByEmail(normalized) != null) {
                throw new ApiException(409, "email_taken", "an account with this email exists; sign in instead");
            }
            mapper.insertUser(user);
            mapper.insertIdentity(PROVIDER_LOCAL, normalized, user.id, user.createdAt);
            SessionGrant grant = openSession(mapper, user, PROVIDER_LOCAL);
            session.commit();
            return grant;
        } catch (PersistenceException e) {
            if (isUniqueViolation(e)) {
                throw new ApiException(409, "email_taken", "an account with this email exists; sign in instead");
            }
            throw e;
        }
    }

    public SessionGrant login(String email, String password, String client) {
        String normalized = normalizeEmail(email);
        long wait = Math.max(emailLimiter.retryAfterSeconds(normalized), clientLimiter.retryAfterSeconds(client));
        if (wait > 0) {
            throw new RateLimitedException("too many failed sign-ins; try again in " + wait + " s", wait);
        }
        try (SqlSession session = sql.openSession(false)) {
            AccountsMapper mapper = session.getMapper(AccountsMapper.class);
            UserRow user = mapper.userByEmail(normalized);
            boolean ok;
            if (user == null || user.passwordHash == null) {
                hasher.burn(password == null ? "" : password);
                ok = false;
            } else {
                ok = password != null && hasher.verify(password, user.passwordHash);
            }
            if (!ok) {
                emailLimiter.failed(normalized);
                clientLimiter.failed(client);
                throw new ApiException(401, "invalid_credentials", "email or password is wrong");
            }
            emailLimiter.succeeded(normalized);
            SessionGrant grant = openSession(mapper, user, PROVIDER_LOCAL);
            session.commit();
            return grant;
        }
    }

    // ---- identity providers ----------------------------------------------------------------

    /** Signs in a person an identity provider vouched for: the account is found, linked or created. */
    public SessionGrant signIn(VerifiedIdentity identity) {
        boolean created = false;
        UserRow user;
        try (SqlSession session = sql.openSession(false)) {
            AccountsMapper mapper = session.getMapper(AccountsMapper.class);
            String userId = mapper.userIdByIdentity(identity.provider(), identity.subject());
            if (userId != null) {
                user = mapper.userById(userId);
            } else {
                String email = identity.email() == null ? null : normalizeEmail(identity.email());
                UserRow existing = email == null ? null : mapper.userByEmail(email);
                if (existing != null && identity.emailVerified()) {
                    user = existing; // same verified email: the same person, link the identity
                } else if (existing != null) {
                    throw new ApiException(409, "email_taken",
                            "an account with this email exists and the provider did not verify the email");
                } else {
                    if (email == null) {
                        throw ApiException.unprocessable("email_required", "the identity provider gave no email");
                    }
                    user = newUser(email, cleanName(identity.name() == null ? email : identity.name()), null);
                    mapper.insertUser(user);
                    created = true;
                }
                mapper.insertIdentity(identity.provider(), identity.subject(), user.id, clock.instant());
            }
            SessionGrant grant = openSession(mapper, user, identity.provider());
            session.commit();
            if (created && config.import_provider_picture() && identity.pictureUrl() != null) {
                String id = user.id;
                pictureImports.submit(() -> importPicture(id, identity.pictureUrl()));
            }
            return grant;
        }
    }

    private void importPicture(String userId, String url) {
        try {
            URI uri = URI.create(url);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                return;
            }
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    return;
                }
                byte[] data = in.readNBytes(config.picture_max_bytes() + 1);
                if (data.length > config.picture_max_bytes()) {
                    return;
                }
                storePicture(userId, data);
            }
        } catch (IOException | RuntimeException e) {
            LOG.info("Could not import the provider picture of user {}: {}", userId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- sessions --------------------------------------------------------------------------

    private SessionGrant openSession(AccountsMapper mapper, UserRow user, String provider) {
        String token = Tokens.newToken();
        SessionRow row = new SessionRow();
        row.id = UUID.randomUUID().toString();
        row.userId = user.id;
        row.tokenHash = Tokens.hash(token);
        row.provider = provider;
        row.createdAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        row.expiresAt = row.createdAt.plus(Duration.ofHours(config.session_hours()));
        mapper.insertSession(row);
        mapper.touch(user.id, row.createdAt);
        user.lastActive = row.createdAt;
        return new SessionGrant(token, row.expiresAt, view(user));
    }

    @Override
    public Optional<Session> validate(String token) {
        if (token == null || token.isEmpty() || token.length() > 200) {
            return Optional.empty();
        }
        String hash = Tokens.hash(token);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Optional<Session> cached = sessionCache.get(hash).map(this::readSession);
        if (cached.isPresent()) {
            return cached.filter(s -> s.expiresAt().isAfter(now)).map(s -> touched(s, now));
        }
        SessionRow row;
        try (SqlSession session = sql.openSession(true)) {
            row = session.getMapper(AccountsMapper.class).sessionByTokenHash(hash);
        }
        if (row == null || row.revokedAt != null || !row.expiresAt.isAfter(now)) {
            return Optional.empty();
        }
        Session s = new Session(row.id, row.userId, row.email, row.name, row.expiresAt);
        Duration left = Duration.between(now, row.expiresAt);
        sessionCache.put(hash, writeSession(s), left.compareTo(CACHE_AT_MOST) < 0 ? left : CACHE_AT_MOST);
        return Optional.of(touched(s, now));
    }

    /** Records activity at most every few minutes per session, never on the hot path's every call. */
    private Session touched(Session s, Instant now) {
        Instant last = lastTouched.get(s.sessionId());
        if (last == null || Duration.between(last, now).compareTo(TOUCH_EVERY) > 0) {
            lastTouched.put(s.sessionId(), now);
            try (SqlSession session = sql.openSession(true)) {
                session.getMapper(AccountsMapper.class).touch(s.userId(), now);
            } catch (PersistenceException e) {
                LOG.debug("Could not record activity of {}", s.userId(), e);
            }
        }
        return s;
    }

    public void logout(String sessionId, String userId, String token) {
        try (SqlSession session = sql.openSession(true)) {
            session.getMapper(AccountsMapper.class).revokeSession(sessionId, userId, clock.instant());
        }
        if (token != null) {
            sessionCache.remove(Tokens.hash(token));
        }
        lastTouched.remove(sessionId);
    }

    private String writeSession(Session s) {
        try {
            return json.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Session readSession(String value) {
        try {
            return json.readValue(value, Session.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    // ---- profile ---------------------------------------------------------------------------

    public UserView profile(String userId) {
        return view(user(userId));
    }

    public UserView rename(String userId, String name) {
        UserRow user = user(userId);
        String clean = cleanName(name);
        try (SqlSession session = sql.openSession(true)) {
            session.getMapper(AccountsMapper.class).updateProfile(userId, clean, user.pictureUrl);
        }
        user.name = clean;
        return view(user);
    }

    public JsonNode preferencesJson(String userId) {
        String stored = user(userId).preferences;
        try {
            return stored == null ? json.createObjectNode() : json.readTree(stored);
        } catch (JsonProcessingException e) {
            return json.createObjectNode();
        }
    }

    /** Replaces the preferences: kept in SQL for queries and in the user-profiles bucket for export. */
    public JsonNode replacePreferences(String userId, JsonNode preferences) {
        if (!(preferences instanceof ObjectNode)) {
            throw ApiException.unprocessable("invalid_preferences", "preferences must be a JSON object");
        }
        String text = preferences.toString();
        if (text.length() > PREFERENCES_MAX_BYTES) {
            throw new ApiException(413, "payload_too_large", "preferences are limited to 16 KiB");
        }
        user(userId);
        buckets.put(Bucket.USER_PROFILES, ObjectKeys.userKey("user-preferences/", userId, "preferences.json"),
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json");
        try (SqlSession session = sql.openSession(true)) {
            session.getMapper(AccountsMapper.class).updatePreferences(userId, text);
        }
        return preferences;
    }

    public void storePicture(String userId, byte[] data) {
        Map<Integer, byte[]> sizes = PictureProcessor.process(data);
        for (Map.Entry<Integer, byte[]> e : sizes.entrySet()) {
            buckets.put(Bucket.USER_PROFILES, pictureKey(userId, e.getKey()), e.getValue(), "image/jpeg");
        }
        UserRow user = user(userId);
        try (SqlSession session = sql.openSession(true)) {
            session.getMapper(AccountsMapper.class).updateProfile(userId, user.name, "/api/v1/me/picture");
        }
    }

    int pictureMaxBytes() {
        return config.picture_max_bytes();
    }

    public Optional<StoredObject> picture(String userId, int size) {
        int chosen = PictureProcessor.SIZES[0];
        for (int s : PictureProcessor.SIZES) {
            if (s >= size) {
                chosen = s;
            }
        }
        return buckets.get(Bucket.USER_PROFILES, pictureKey(userId, chosen));
    }

    private static String pictureKey(String userId, int size) {
        return ObjectKeys.userKey("profile-pictures/", userId, size + ".jpg");
    }

    // ---- directory -------------------------------------------------------------------------

    @Override
    public Optional<UserSummary> find(String userId) {
        if (userId == null) {
            return Optional.empty();
        }
        try (SqlSession session = sql.openSession(true)) {
            UserRow user = session.getMapper(AccountsMapper.class).userById(userId);
            return Optional.ofNullable(user).map(u -> new UserSummary(u.id, u.email, u.name, u.createdAt, zoneOf(u.preferences)));
        }
    }

    @Override
    public List<String> userIds() {
        try (SqlSession session = sql.openSession(true)) {
            return session.getMapper(AccountsMapper.class).userIds();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> preferences(String userId) {
        if (find(userId).isEmpty()) {
            return Map.of();
        }
        return json.convertValue(preferencesJson(userId), Map.class);
    }

    /** The {@code timeZone} preference; UTC when it is missing or not a zone id. */
    private ZoneId zoneOf(String preferences) {
        if (preferences != null) {
            try {
                JsonNode zone = json.readTree(preferences).get("timeZone");
                if (zone != null && zone.isTextual()) {
                    return ZoneId.of(zone.asText());
                }
            } catch (JsonProcessingException | java.time.DateTimeException e) {
                // a bad preference must not break features that only want a zone
            }
        }
        return ZoneOffset.UTC;
    }

    private UserRow user(String userId) {
        try (SqlSession session = sql.openSession(true)) {
            UserRow user = session.getMapper(AccountsMapper.class).userById(userId);
            if (user == null) {
                throw ApiException.notFound("user_not_found", "no such user");
            }
            return user;
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private UserRow newUser(String email, String name, String pictureUrl) {
        UserRow user = new UserRow();
        user.id = UUID.randomUUID().toString();
        user.email = email;
        user.name = name;
        user.pictureUrl = pictureUrl;
        user.createdAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        user.lastActive = user.createdAt;
        return user;
    }

    private static UserView view(UserRow u) {
        return new UserView(u.id, u.email, u.name, u.pictureUrl, u.createdAt, u.lastActive);
    }

    static String normalizeEmail(String email) {
        String e = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
        if (e.length() > 320 || !EMAIL.matcher(e).matches()) {
            throw ApiException.unprocessable("invalid_email", "that is not an email address");
        }
        return e;
    }

    static String cleanName(String name) {
        String n = name == null ? "" : name.strip().replaceAll("\\p{Cntrl}", "");
        if (n.isEmpty() || n.length() > 200) {
            throw ApiException.unprocessable("invalid_name", "the name needs 1 to 200 characters");
        }
        return n;
    }

    private static boolean isUniqueViolation(PersistenceException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
