package io.pauz.garden.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's garden as stored in {@code garden-system/user-gardens/<user>/garden.json}. It keeps what cannot be
 * recomputed: which entries and sessions have flowers, their mood, when they were planted, how often they were
 * tended, their bed in the garden and the chosen theme. Kind, stage and position are derived when read, so a theme
 * switch or a new growth rule applies to every flower at once.
 */
final class GardenDoc {
    static final int FORMAT = 1;

    public int format = FORMAT;
    public String userId;
    /** The theme the user chose, or {@code null} for the default. */
    public String themeId;
    /** Order number of the next flower planted; a flower's growth counts the flowers planted after it. */
    public long nextSeq = 1;
    public Instant updatedAt;
    public List<Plant> flowers = new ArrayList<>();

    static final class Plant {
        public String id;
        /** {@code entry} or {@code guided}. */
        public String source;
        public String sourceId;
        public double mood;
        public Instant plantedAt;
        public Instant updatedAt;
        public long seq;
        /** Bed number: row {@code cell / columns}, column {@code cell % columns}. Kept while the flower lives. */
        public int cell;
        /** The entry version the mood was read from; a higher one means the entry was edited. */
        public int version;
        /** How often the flower was tended (its entry edited and read again). */
        public int tended;
    }
}
