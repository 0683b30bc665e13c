package io.pauz.guided.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "PAUZ guided journal", description = "Guided journaling sessions built from prompt packs")
public @interface GuidedConfig {
    @AttributeDefinition(description = "Prompts planned per session: 1 opening, the rest deepening, 1 closing (1..50)")
    int prompts_per_session() default 5;

    @AttributeDefinition(description = "Longest answer in characters")
    int max_answer_chars() default 20_000;

    @AttributeDefinition(description = "Mood analyzer id (pauz.mood.analyzer); empty: the highest ranked one installed")
    String mood_analyzer() default "";

    @AttributeDefinition(description = "Mood score (-1..1) at or below which the answers count as low and gentle prompts are preferred")
    double low_mood_threshold() default -0.3;

    @AttributeDefinition(description = "Tags that mark a prompt as gentle, preferred after low-mood answers")
    String[] gentle_tags() default { "gentle", "support", "calm" };

    @AttributeDefinition(description = "How long one mood reading may take before the session goes on without it (ms)")
    int mood_wait_millis() default 2000;
}
