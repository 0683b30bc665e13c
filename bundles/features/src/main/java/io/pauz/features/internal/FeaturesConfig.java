package io.pauz.features.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.pauz.features}. */
@ObjectClassDefinition(name = "PAUZ features")
@interface FeaturesConfig {
    @AttributeDefinition(description = "Extra folder of feature JSON files, read in addition to the built-in ones")
    String extra_dir() default "";

    @AttributeDefinition(description = "Folders in Maven repository layout where bundles of features are looked up")
    String[] repositories() default {};

    @AttributeDefinition(description = "Features that cannot be removed")
    String[] protected_features() default { "core" };
}
