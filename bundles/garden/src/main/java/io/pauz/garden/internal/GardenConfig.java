package io.pauz.garden.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "PAUZ garden", description = "Users' gardens: a flower per analysed entry or completed guided session")
public @interface GardenConfig {
    @AttributeDefinition(description = "Days a flower needs to grow one stage by itself (1..365)")
    int days_per_stage() default 2;

    @AttributeDefinition(description = "Later pieces of writing (entries, guided sessions, edits of its own entry) that grow a flower one stage (1..1000)")
    int writes_per_stage() default 2;

    @AttributeDefinition(description = "Flowers per row of the garden picture (3..20); more flowers add rows")
    int columns() default 8;

    @AttributeDefinition(description = "Most flowers one garden keeps; beyond it the oldest flower makes room")
    int max_flowers() default 2000;

    @AttributeDefinition(description = "Widest PNG rendering in pixels")
    int max_png_width() default 4000;
}
