package io.pauz.api.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Makes a DS component a PAUZ REST resource (use instead of {@code @JakartarsResource}). The Jakarta REST whiteboard
 * adds it to the application only while the platform's JSON provider, error mapper and authentication filter are
 * there too: while PAUZ starts, or while the REST bundle is updated, a request can never reach the resource
 * unauthenticated or come back as an HTML 500 page; it gets 404 until all of them are in place.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface PauzResource {
    /** Component property names are prefixed with this ({@code osgi.jakartars.resource}, ...). */
    String PREFIX_ = "osgi.jakartars.";

    /** {@code osgi.jakartars.resource=true}. */
    boolean resource() default true;

    /** {@code osgi.jakartars.extension.select}: the extensions this resource cannot be served without. */
    String[] extension_select() default { RestConstants.REQUIRE_JSON, RestConstants.REQUIRE_ERRORS,
            RestConstants.REQUIRE_AUTHENTICATION };
}
