package io.pauz.guided.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.pauz.api.prompt.Prompt;
import io.pauz.guided.internal.Docs.PromptRef;
import io.pauz.guided.internal.Docs.Why;
import io.pauz.support.Words;

/**
 * Plans a session and picks each next prompt. Pure functions of their inputs, so a session can be replayed and
 * tested: no clock, no randomness (ties are broken by a hash of the session id and the prompt id, which varies
 * between sessions but never within one).
 */
final class PromptPicker {
    /** A tag found in the latest answer weighs this much; one found only in earlier answers weighs 1. */
    static final int LATEST_WEIGHT = 2;

    private PromptPicker() {
    }

    /**
     * Stages of a session of {@code perSession} prompts: 1 opening, {@code perSession - 2} deepening, 1 closing,
     * each limited to what the topic has. Never longer than {@code perSession}; empty only for an empty pool.
     */
    static List<Prompt.Stage> plan(int perSession, List<PromptRef> pool) {
        int n = Math.max(1, perSession);
        int opening = Math.min(1, count(pool, Prompt.Stage.OPENING));
        int closing = n >= 2 ? Math.min(1, count(pool, Prompt.Stage.CLOSING)) : 0;
        int deepening = Math.min(n - opening - closing, count(pool, Prompt.Stage.DEEPENING));
        List<Prompt.Stage> plan = new ArrayList<>(n);
        for (int i = 0; i < opening; i++) {
            plan.add(Prompt.Stage.OPENING);
        }
        for (int i = 0; i < deepening; i++) {
            plan.add(Prompt.Stage.DEEPENING);
        }
        for (int i = 0; i < closing; i++) {
            plan.add(Prompt.Stage.CLOSING);
        }
        return plan;
    }

    private static int count(List<PromptRef> pool, Prompt.Stage stage) {
        return (int) pool.stream().filter(p -> p.stage() == stage).count();
    }

    /** What the picker knows about the answers so far. */
    record Context(List<String> answers, Double moodScore, double lowMoodThreshold, Set<String> gentleTerms) {
        static Context none() {
            return new Context(List.of(), null, -1, Set.of());
        }

        boolean lowMood() {
            return moodScore != null && moodScore <= lowMoodThreshold;
        }
    }

    record Picked(PromptRef prompt, Why why) {
    }

    private record Candidate(PromptRef prompt, int score, List<String> matched, boolean gentle, long tie) {
    }

    /**
     * The best unused prompt of {@code stage}: after low-mood answers only gentle prompts compete when there are
     * any; then the highest tag score wins; ties go to the lowest hash of (session id, prompt id).
     *
     * @return null when the stage has no unused prompt
     */
    static Picked choose(String sessionId, Prompt.Stage stage, List<PromptRef> pool, Collection<String> used, Context context) {
        Set<String> latest = context.answers().isEmpty() ? Set.of()
                : Words.terms(context.answers().get(context.answers().size() - 1));
        Set<String> earlier = new LinkedHashSet<>();
        for (int i = 0; i < context.answers().size() - 1; i++) {
            earlier.addAll(Words.terms(context.answers().get(i)));
        }
        List<Candidate> candidates = new ArrayList<>();
        for (PromptRef p : pool) {
            if (p.stage() != stage || used.contains(p.id())) {
                continue;
            }
            int score = 0;
            List<String> matched = new ArrayList<>();
            boolean gentle = false;
            Set<String> seen = new LinkedHashSet<>();
            for (String tag : p.tags()) {
                String term = Words.tagTerm(tag);
                if (term.isEmpty() || !seen.add(term)) {
                    continue; // "deadline" and "deadlines" are one tag once stemmed: count it once
                }
                gentle |= context.gentleTerms().contains(term);
                if (latest.contains(term)) {
                    score += LATEST_WEIGHT;
                    matched.add(tag);
                } else if (earlier.contains(term)) {
                    score += 1;
                    matched.add(tag);
                }
            }
            candidates.add(new Candidate(p, score, matched, gentle, tieBreak(sessionId, p.id())));
        }
        if (candidates.isEmpty()) {
            return null;
        }
        int total = candidates.size();
        boolean low = context.lowMood();
        boolean preferGentle = low && candidates.stream().anyMatch(Candidate::gentle);
        if (preferGentle) {
            candidates.removeIf(c -> !c.gentle());
        }
        Candidate best = candidates.stream()
                .min(Comparator.comparingInt((Candidate c) -> -c.score()).thenComparingLong(Candidate::tie)
                        .thenComparing(c -> c.prompt().id()))
                .orElseThrow();
        String rule = preferGentle ? "gentle" : best.score() > 0 ? "tags" : context.answers().isEmpty() ? "first" : "tie";
        return new Picked(best.prompt(), new Why(rule, best.score(), best.matched(), context.moodScore(), low,
                best.gentle(), total, summary(stage, best, total, preferGentle, low, context)));
    }

    private static String summary(Prompt.Stage stage, Candidate best, int total, boolean preferGentle, boolean low,
            Context context) {
        StringBuilder sb = new StringBuilder(stage.name().toLowerCase(Locale.ROOT)).append(" prompt, 1 of ").append(total)
                .append(" candidates");
        if (low) {
            sb.append("; answers read as low mood (").append(String.format(Locale.ROOT, "%.2f", context.moodScore()))
                    .append(preferGentle ? "), so gentle prompts were preferred" : "), but no gentle prompt was left");
        }
        if (best.score() > 0) {
            sb.append("; tags matching the answers: ").append(String.join(", ", best.matched()));
        } else if (!context.answers().isEmpty()) {
            sb.append("; no tag matched the answers");
        }
        return sb.toString();
    }

    /** FNV-1a then a 64-bit finaliser: well mixed, stable across JVMs and releases, unlike String.hashCode ordering. */
    static long tieBreak(String sessionId, String promptId) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (sessionId + '\u0000' + promptId).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
