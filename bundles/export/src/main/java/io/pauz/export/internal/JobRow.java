package io.pauz.export.internal;

import java.time.Instant;

/** A row of export_jobs (MyBatis maps columns onto these fields). */
public class JobRow {
    public String id;
    public String userId;
    public String format;
    public Instant rangeFrom;
    public Instant rangeTo;
    public String status;
    public String error;
    public String objectKey;
    public Long sizeBytes;
    public Integer entries;
    public Integer sessions;
    public Integer pages;
    public int attempts;
    public Instant createdAt;
    public Instant startedAt;
    public Instant finishedAt;
}
