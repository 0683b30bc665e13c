package io.pauz.stats.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "PAUZ statistics", description = "Per-user statistics, daily rollups and periodic reports")
public @interface StatsConfig {
    @AttributeDefinition(description = "Longest range GET /stats answers, in days")
    int max_range_days() default 366;

    @AttributeDefinition(description = "Default range of GET /stats without from/to, in days (ending today)")
    int default_range_days() default 30;

    @AttributeDefinition(description = "Write the weekly and monthly reports into the user-analytics bucket on a schedule")
    boolean reports_enabled() default true;

    @AttributeDefinition(description = "Hours between two report runs")
    int reports_interval_hours() default 24;

    @AttributeDefinition(description = "Seconds after start before the first report run")
    int reports_initial_delay_seconds() default 300;

    @AttributeDefinition(description = "Seconds after the first start before the rollups are built from the existing journal")
    int bootstrap_delay_seconds() default 10;

    @AttributeDefinition(description = "How many topics GET /stats lists")
    int top_topics() default 5;
}
