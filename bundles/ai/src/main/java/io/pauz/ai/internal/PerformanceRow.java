package io.pauz.ai.internal;

import java.sql.Date;

/** One row of {@code ai_performance}. */
public class PerformanceRow {
    public String modelName;
    public String promptType;
    public Date date;
    public long calls;
    public long successes;
    public long totalMs;
    public long ratingsCount;
    public long ratingsSum;
    public Double successRate;
    public Double averageResponseTime;
    public Double userSatisfactionScore;
}
