package io.pauz.garden.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * The growth rule. A flower starts at stage 1 and gains one stage for every {@code days.per.stage} whole days since
 * it was planted, plus one for every {@code writes.per.stage} pieces of writing that came after it (later flowers of
 * the same garden, and edits of its own entry), up to its definition's {@code growthStages} (full bloom).
 * So writing regularly makes the whole garden bloom sooner, and even a quiet garden keeps growing with time.
 */
record Growth(int daysPerStage, int writesPerStage) {
    Growth {
        daysPerStage = Math.max(1, Math.min(365, daysPerStage));
        writesPerStage = Math.max(1, Math.min(1000, writesPerStage));
    }

    /**
     * @param laterWrites flowers planted after this one plus the times it was tended
     * @param stages      the definition's {@code growthStages}
     */
    int stage(Instant plantedAt, Instant now, long laterWrites, int stages) {
        long days = plantedAt == null || now.isBefore(plantedAt) ? 0 : Duration.between(plantedAt, now).toDays();
        long points = days / daysPerStage + Math.max(0, laterWrites) / writesPerStage;
        return (int) Math.max(1, Math.min(stages, 1 + points));
    }
}
