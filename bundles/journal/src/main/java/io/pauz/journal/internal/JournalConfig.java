package io.pauz.journal.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "PAUZ free journal", description = "Entries, voice recordings and their transcription")
public @interface JournalConfig {
    @AttributeDefinition(description = "Longest entry text in characters")
    int max_text_chars() default 100_000;

    @AttributeDefinition(description = "Longest title in characters")
    int max_title_chars() default 200;

    @AttributeDefinition(description = "Largest voice upload in bytes")
    long audio_max_bytes() default 50L * 1024 * 1024;

    @AttributeDefinition(description = "Longest recording in seconds")
    int audio_max_seconds() default 900;

    @AttributeDefinition(description = "Speech engine id (pauz.speech.engine) to use; empty: the highest ranked one installed")
    String speech_engine() default "";

    @AttributeDefinition(description = "Default language hint for transcription (BCP 47)")
    String speech_language() default "en";

    @AttributeDefinition(description = "Transcriptions running at once")
    int transcription_workers() default 1;

    @AttributeDefinition(description = "Transcriptions queued in memory; more wait in the database")
    int transcription_queue() default 64;

    @AttributeDefinition(description = "Mood analyzer id (pauz.mood.analyzer); empty: the highest ranked one installed")
    String mood_analyzer() default "";

    @AttributeDefinition(description = "How long a save waits for the mood reading before answering without it (ms)")
    int mood_wait_millis() default 1500;
}
