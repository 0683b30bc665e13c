package io.pauz.api.bucket;

import java.util.List;
import java.util.Optional;

/** The eight buckets of the SmartStorage plan and the fixed folders (prefixes) inside each. */
public enum Bucket {
    USER_PROFILES("user-profiles", "profile-pictures/", "user-preferences/", "user-sessions/", "user-metadata/"),
    FREE_JOURNALS("free-journals", "text-entries/", "voice-recordings/", "transcriptions/", "journal-metadata/"),
    GUIDED_JOURNALS("guided-journals", "session-data/", "prompts-generated/", "user-responses/", "progress-tracking/"),
    AI_PROMPTS("ai-prompts", "writing-hints/", "reflection-questions/", "mood-analysis/", "ai-insights/"),
    AI_MODELS("ai-models", "prompt-templates/", "mood-classifiers/", "personalization-data/", "model-training-data/"),
    GARDEN_SYSTEM("garden-system", "flower-definitions/", "user-gardens/", "growth-animations/", "seasonal-themes/"),
    USER_ANALYTICS("user-analytics", "writing-statistics/", "mood-trends/", "engagement-metrics/", "progress-reports/"),
    MEDIA_STORAGE("media-storage", "pdf-exports/", "audio-processing/", "image-optimizations/", "backup-archives/");

    private final String id;
    private final List<String> folders;

    Bucket(String id, String... folders) {
        this.id = id;
        this.folders = List.of(folders);
    }

    /** The bucket's name as it appears in storage, e.g. {@code free-journals}. */
    public String id() {
        return id;
    }

    /** The folders of this bucket, each ending in {@code /}. */
    public List<String> folders() {
        return folders;
    }

    public static Optional<Bucket> byId(String id) {
        for (Bucket b : values()) {
            if (b.id.equals(id)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }
}
