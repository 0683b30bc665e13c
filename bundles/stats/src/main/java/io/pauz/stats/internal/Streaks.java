package io.pauz.stats.internal;

import java.time.LocalDate;
import java.util.List;

/**
 * Streaks over a user's writing days (local days with at least one entry, in the user's zone). The current streak
 * counts back from {@code today} or, when nothing is written yet today, from yesterday: today is not lost until
 * it is over.
 *
 * @param lastDay the latest writing day up to {@code today}, or {@code null}
 */
record Streaks(int current, int longest, LocalDate lastDay) {

    /** @param days writing days in ascending order, without duplicates */
    static Streaks of(List<LocalDate> days, LocalDate today) {
        int longest = 0;
        int run = 0;
        LocalDate previous = null;
        LocalDate last = null;
        for (LocalDate d : days) {
            if (d.isAfter(today)) {
                break; // entries dated in the future (imports, clocks) do not count yet
            }
            run = previous != null && previous.plusDays(1).equals(d) ? run + 1 : 1;
            longest = Math.max(longest, run);
            previous = d;
            last = d;
        }
        int current = last != null && (last.equals(today) || last.equals(today.minusDays(1))) ? run : 0;
        return new Streaks(current, longest, last);
    }
}
