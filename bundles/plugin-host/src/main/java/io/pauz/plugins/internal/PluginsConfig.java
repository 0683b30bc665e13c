package io.pauz.plugins.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.pauz.plugins}. */
@ObjectClassDefinition(name = "PAUZ plugin host", description = "PF4J plugin jars loaded from a watched folder")
public @interface PluginsConfig {
    @AttributeDefinition(description = "Folder of plugin jars, relative to the working directory unless absolute")
    String dir() default "plugins";

    @AttributeDefinition(description = "How often the folder is looked at (ms); a jar is loaded once its size and time "
            + "are unchanged between two looks")
    long poll_millis() default 1000;
}
