package io.pauz.api.rest;

/** Constants shared by PAUZ resources. */
public final class RestConstants {
    /** Every PAUZ resource is served below this path. */
    public static final String BASE_PATH = "/api/v1";

    /** Name of the whiteboard's JSON extension; resources may select it explicitly. */
    public static final String JSON_EXTENSION = "pauz.json";

    /** Name of the extension that turns every exception into the JSON error body. */
    public static final String ERRORS_EXTENSION = "pauz.errors";

    /** Name of the filter that reads the bearer token into the request's security context. */
    public static final String AUTHENTICATION_EXTENSION = "pauz.authentication";

    /** Name of the filter that guards the operator paths with the admin token. */
    public static final String ADMIN_EXTENSION = "pauz.admin.auth";

    /** Extension filters of {@link PauzResource}: a resource is served only with these in its application. */
    public static final String REQUIRE_JSON = "(osgi.jakartars.name=" + JSON_EXTENSION + ")";
    public static final String REQUIRE_ERRORS = "(osgi.jakartars.name=" + ERRORS_EXTENSION + ")";
    public static final String REQUIRE_AUTHENTICATION = "(osgi.jakartars.name=" + AUTHENTICATION_EXTENSION + ")";
    public static final String REQUIRE_ADMIN = "(osgi.jakartars.name=" + ADMIN_EXTENSION + ")";

    private RestConstants() {
    }
}
