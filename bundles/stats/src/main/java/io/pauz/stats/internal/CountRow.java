package io.pauz.stats.internal;

import java.sql.Date;
import java.util.Objects;

/** One row of {@code user_analytics_counts}: entries per mood label or sessions per topic on a user's day. */
public final class CountRow {
    static final String MOOD = "mood";
    static final String TOPIC = "topic";

    public String userId;
    public Date day;
    public String kind;
    public String name;
    public String title;
    public int total;

    CountRow() {
    }

    CountRow(String userId, Date day, String kind, String name, String title, int total) {
        this.userId = userId;
        this.day = day;
        this.kind = kind;
        this.name = name;
        this.title = title;
        this.total = total;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CountRow r && r.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return Objects.hash(toString());
    }

    @Override
    public String toString() {
        return userId + "|" + day + "|" + kind + "|" + name + "|" + title + "|" + total;
    }
}
