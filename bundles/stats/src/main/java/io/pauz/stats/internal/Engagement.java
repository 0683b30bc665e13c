package io.pauz.stats.internal;

/**
 * The engagement score of a day, 0..100, from what the person did that day:
 * <ul>
 * <li>writing, up to 40: 40 x min(entries, 3) / 3</li>
 * <li>depth, up to 30: 30 x min(words, 600) / 600</li>
 * <li>guided journaling, up to 20: 20 for a completed session, 10 for a started one</li>
 * <li>voice, 10: at least one spoken entry</li>
 * </ul>
 * rounded to a whole number. A day without activity scores 0; a period's score is the mean over all of its days,
 * so quiet days pull it down.
 */
final class Engagement {
    static final String DEFINITION = "daily 0..100: 40 x min(entries,3)/3 + 30 x min(words,600)/600 "
            + "+ 20 for a completed guided session (10 if only started) + 10 for a spoken entry; "
            + "a period scores the mean of its days";

    private Engagement() {
    }

    static int score(int entries, int words, int voiceEntries, int guidedStarted, int guidedCompleted) {
        double s = 40.0 * Math.min(Math.max(entries, 0), 3) / 3
                + 30.0 * Math.min(Math.max(words, 0), 600) / 600
                + (guidedCompleted > 0 ? 20 : guidedStarted > 0 ? 10 : 0)
                + (voiceEntries > 0 ? 10 : 0);
        return (int) Math.max(0, Math.min(100, Math.round(s)));
    }
}
