package io.pauz.stats.internal;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Objects;

/** One row of {@code user_analytics}: a user's LOCAL day. MyBatis fills the public fields by name. */
public final class DayRow {
    public String userId;
    public Date day;
    public String zone;
    public int journalsWritten;
    public int totalWords;
    public String dominantMood;
    public double moodSum;
    public int moodCount;
    public int voiceEntries;
    public int guidedStarted;
    public int guidedCompleted;
    public int engagementScore;

    LocalDate date() {
        return day.toLocalDate();
    }

    /** The derived figures, without the time the row was written: what "rebuild equals incremental" compares. */
    String figures() {
        return String.join("|", userId, String.valueOf(day), zone, String.valueOf(journalsWritten),
                String.valueOf(totalWords), String.valueOf(dominantMood), String.format("%.9f", moodSum),
                String.valueOf(moodCount), String.valueOf(voiceEntries), String.valueOf(guidedStarted),
                String.valueOf(guidedCompleted), String.valueOf(engagementScore));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DayRow r && r.figures().equals(figures());
    }

    @Override
    public int hashCode() {
        return Objects.hash(figures());
    }

    @Override
    public String toString() {
        return figures();
    }
}
