package io.pauz.recommendations.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "PAUZ recommendations", description = "Per-user profile from behaviour and the recommendations built on it")
public @interface RecommendationsConfig {
    @AttributeDefinition(description = "Days that count as 'recent' for moods, themes and repeats")
    int recent_days() default 14;

    @AttributeDefinition(description = "Days of history the profile reads (entries and guided sessions)")
    int history_days() default 180;

    @AttributeDefinition(description = "Most entries the profile reads from the history (newest first)")
    int max_entries() default 2000;

    @AttributeDefinition(description = "Newest entries whose full text is read for writing style and themes")
    int sample_entries() default 30;

    @AttributeDefinition(description = "A profile persisted in the ai-models bucket is reused on a cache miss while younger than this (hours)")
    int profile_max_age_hours() default 24;

    @AttributeDefinition(description = "Hours after a guided session during which its topic is not recommended again")
    int just_done_hours() default 24;

    @AttributeDefinition(description = "Days within which repeated sessions of a topic lower its score")
    int repeat_days() default 7;

    @AttributeDefinition(description = "Days within which a prompt the user answered is never recommended")
    int answered_days() default 60;

    @AttributeDefinition(description = "Mood score (-1..1) of the latest readings at or below which gentle topics are preferred")
    double low_mood_threshold() default -0.2;

    @AttributeDefinition(description = "Bare topic ids that are gentle (recommended when the mood is low or falling)")
    String[] gentle_topics() default { "gratitude", "self-compassion", "self-reflection" };

    @AttributeDefinition(description = "Bare topic ids for looking ahead (recommended when the mood is good)")
    String[] uplift_topics() default { "goals" };

    @AttributeDefinition(description = "Bare topic ids offered to a new user, in this order")
    String[] starter_topics() default { "gratitude", "self-reflection", "goals" };

    @AttributeDefinition(description = "Prompt tags that mark a prompt as gentle")
    String[] gentle_tags() default { "gentle", "support", "calm", "kind", "rest" };

    @AttributeDefinition(description = "Most prompts, topics and flowers returned")
    int max_prompts() default 5;

    int max_topics() default 3;

    int max_flowers() default 3;
}
