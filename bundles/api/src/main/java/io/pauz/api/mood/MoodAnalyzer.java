package io.pauz.api.mood;

import org.osgi.annotation.versioning.ConsumerType;

/** Reads the mood of a text. Service property {@value #ID_PROPERTY} names the analyzer. */
@ConsumerType
public interface MoodAnalyzer {
    String ID_PROPERTY = "pauz.mood.analyzer";

    String id();

    MoodReading analyze(String text);
}
