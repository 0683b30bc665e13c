package io.pauz.api.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * As {@link PauzResource}, for an operator resource below {@code /api/v1/admin}: it is also served only while the
 * admin token filter is there, so the operator API is never open while that filter restarts.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface PauzAdminResource {
    /** Component property names are prefixed with this. */
    String PREFIX_ = "osgi.jakartars.";

    /** {@code osgi.jakartars.resource=true}. */
    boolean resource() default true;

    /** {@code osgi.jakartars.extension.select}: the platform's extensions and the admin token filter. */
    String[] extension_select() default { RestConstants.REQUIRE_JSON, RestConstants.REQUIRE_ERRORS,
            RestConstants.REQUIRE_AUTHENTICATION, RestConstants.REQUIRE_ADMIN };
}
