package io.pauz.guided.internal;

import java.time.Instant;

/** A row of guided_journal_sessions (MyBatis maps columns onto these fields). */
public class SessionRow {
    public String id;
    public String userId;
    public String topic;
    public String pack;
    public String topicTitle;
    public int promptCount;
    public int answeredCount;
    public int completionPercentage;
    public Double moodScore;
    public String moodLabel;
    public String moodAnalysis;
    public String status;
    public Instant startedAt;
    public Instant updatedAt;
    public Instant completedAt;
    /** Id of the session in the export it was imported from; null for sessions started here. */
    public String externalId;
}
