package io.pauz.api.rest;

/** Constants shared by PAUZ resources. */
public final class RestConstants {
    /** Every PAUZ resource is served below this path. */
    public static final String BASE_PATH = "/api/v1";

    /** Name of the whiteboard's JSON extension; resources may select it explicitly. */
    public static final String JSON_EXTENSION = "pauz.json";

    private RestConstants() {
    }
}
