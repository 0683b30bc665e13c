package io.pauz.platform.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.pauz.platform}; {@code config/io.pauz.platform.cfg} fills it from PAUZ_DATA. */
@ObjectClassDefinition(name = "PAUZ platform")
@interface PlatformConfig {
    @AttributeDefinition(description = "Root directory of all PAUZ data")
    String data_dir() default "./data";

    @AttributeDefinition(description = "Public base URL clients use; empty to derive it from the HTTP endpoint")
    String public_url() default "";
}
