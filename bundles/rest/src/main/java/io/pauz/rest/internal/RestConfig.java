package io.pauz.rest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.pauz.rest}, shared by the REST infrastructure's components. */
@ObjectClassDefinition(name = "PAUZ REST", description = "Limits, CORS and logging of the REST API")
public @interface RestConfig {
    String PID = "io.pauz.rest";

    @AttributeDefinition(description = "Largest JSON or text request body in bytes")
    long max_json_bytes() default 1_048_576;

    @AttributeDefinition(description = "Largest binary upload (audio, images, archives, bundles) in bytes")
    long max_binary_bytes() default 52_428_800;

    @AttributeDefinition(description = "Origins allowed by CORS; empty for none, * for any")
    String[] cors_origins() default {};

    @AttributeDefinition(description = "Write one access log line per request")
    boolean access_log() default true;
}
