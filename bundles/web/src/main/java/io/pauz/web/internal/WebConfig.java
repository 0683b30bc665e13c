package io.pauz.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "PAUZ web client", description = "The browser app served at / from this bundle")
public @interface WebConfig {
    @AttributeDefinition(description = "Cache lifetime in seconds of files whose names carry no content hash (hashed files under assets/ are cached for a year)")
    int max_age_seconds() default 3600;

    @AttributeDefinition(description = "Answer unknown paths without a file extension with index.html, so client routes such as /entries survive a reload")
    boolean spa_fallback() default true;
}
