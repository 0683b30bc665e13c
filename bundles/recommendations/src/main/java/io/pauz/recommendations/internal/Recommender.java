package io.pauz.recommendations.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pauz.api.garden.FlowerDefinition;
import io.pauz.api.prompt.Prompt;
import io.pauz.recommendations.internal.Catalog.Snapshot;
import io.pauz.recommendations.internal.Catalog.ThemeInfo;
import io.pauz.recommendations.internal.Catalog.TopicInfo;
import io.pauz.recommendations.internal.Profile.Theme;
import io.pauz.recommendations.internal.Profile.TopicUse;
import io.pauz.recommendations.internal.Recommendations.FlowerItem;
import io.pauz.recommendations.internal.Recommendations.Mood;
import io.pauz.recommendations.internal.Recommendations.PromptItem;
import io.pauz.recommendations.internal.Recommendations.Timing;
import io.pauz.recommendations.internal.Recommendations.TopicItem;
import io.pauz.support.Words;

/**
 * Turns a profile into recommendations. Deterministic: the same profile, catalog and garden give the same answer
 * (ties are broken by a hash of the user and the item, never by chance). The rules, each with the reason it gives:
 * <ul>
 * <li>topics the recent entries are about rise with the share of entries about them;</li>
 * <li>a low mood lifts gentle topics, a falling one a little less; a good mood lifts looking-ahead topics;</li>
 * <li>topics never tried get a small bonus; finished favourites one when not done lately;</li>
 * <li>each session of a topic in the last {@code repeat.days} lowers it; a topic done within {@code just.done.hours}
 * and a prompt answered within {@code answered.days} are not recommended at all.</li>
 * </ul>
 */
final class Recommender {
    private static final double BASE = 0.25;
    private static final double THEME = 0.6;
    private static final double LOW_MOOD = 0.25;
    private static final double FALLING = 0.15;
    private static final double UPLIFT = 0.12;
    private static final double NEW_TOPIC = 0.08;
    private static final double FAVOURITE = 0.1;
    private static final double REPEAT = 0.2;
    private static final double GOOD_MOOD = 0.3;

    record Settings(Set<String> gentleTopics, Set<String> upliftTopics, List<String> starterTopics, Set<String> gentleTags,
            double lowMood, int justDoneHours, int maxPrompts, int maxTopics, int maxFlowers) {
    }

    /** The user's garden as far as recommendations need it; {@code themeId} null when no garden service runs. */
    record GardenView(String themeId, Set<String> kinds) {
    }

    private record Reason(double weight, String text) {
    }

    private record Scored(TopicInfo topic, double score, String reason) {
    }

    private record Candidate(Prompt prompt, TopicInfo topic, double score, String reason, int tie) {
    }

    private final Settings settings;

    Recommender(Settings settings) {
        this.settings = settings;
    }

    Recommendations recommend(Profile profile, Snapshot catalog, GardenView garden, Instant now) {
        Mood mood = mood(profile);
        Timing timing = new Timing(profile.activeHours().zone(), profile.activeHours().peakHours(),
                profile.activeHours().partOfDay());
        if (profile.isNew()) {
            List<Scored> topics = starterTopics(catalog);
            return new Recommendations(now, "starter", mood, timing, starterPrompts(profile, topics),
                    topicItems(topics), flowers(profile, mood, catalog, garden));
        }
        List<Scored> topics = scoreTopics(profile, catalog, now);
        return new Recommendations(now, "profile", mood, timing, prompts(profile, topics), topicItems(topics),
                flowers(profile, mood, catalog, garden));
    }

    // ---- mood ----------------------------------------------------------------------------------

    private static Mood mood(Profile p) {
        Double latest = p.moods().latest();
        Double heading = null;
        if (latest != null) {
            double trend = p.moods().trend() == null ? 0 : p.moods().trend();
            heading = ProfileBuilder.round(clamp(latest + trend / 2, -1, 1));
        }
        return new Mood(latest, p.moods().recent().average(), heading, p.moods().direction());
    }

    // ---- topics --------------------------------------------------------------------------------

    private List<Scored> scoreTopics(Profile p, Snapshot catalog, Instant now) {
        Instant justDone = now.minus(Duration.ofHours(settings.justDoneHours()));
        Set<String> done = new HashSet<>();
        p.guided().recent().forEach(s -> {
            if (s.startedAt() != null && !s.startedAt().isBefore(justDone)) {
                done.add(s.topic());
            }
        });
        Map<String, Theme> themes = new HashMap<>();
        p.recentThemes().forEach(t -> themes.put(t.topic(), t));
        Map<String, TopicUse> uses = new HashMap<>();
        p.guided().topics().forEach(u -> uses.put(u.topic(), u));
        Double latest = p.moods().latest();
        boolean low = latest != null && latest <= settings.lowMood();
        boolean falling = "falling".equals(p.moods().direction());
        boolean good = latest != null && latest >= GOOD_MOOD && !falling;

        List<Scored> out = new ArrayList<>();
        for (TopicInfo t : catalog.topics()) {
            if (done.contains(t.id())) {
                continue; // just did it: recommending it again is the defect the issue names
            }
            String b = t.topicId();
            double score = BASE;
            List<Reason> reasons = new ArrayList<>();
            Theme theme = themes.get(b);
            if (theme != null && theme.strength() > 0) {
                double w = THEME * theme.strength();
                score += w;
                String words = quoted(theme.words(), 3);
                reasons.add(new Reason(w + 0.2, theme.entries() == 1 ? "Your recent entry mentions " + words
                        : theme.entries() + " of your recent entries mention " + words));
            }
            boolean gentle = settings.gentleTopics().contains(b);
            if (low && gentle) {
                score += LOW_MOOD;
                reasons.add(new Reason(LOW_MOOD, "Your mood has been low lately; " + t.title() + " is a gentle place to start"));
            } else if (falling && gentle) {
                score += FALLING;
                reasons.add(new Reason(FALLING, "Your mood has been dipping; " + t.title() + " can help steady it"));
            }
            if (good && settings.upliftTopics().contains(b)) {
                score += UPLIFT;
                reasons.add(new Reason(UPLIFT, "You have been feeling good: a fine moment to look ahead"));
            }
            TopicUse use = uses.get(t.id());
            if (use == null) {
                score += NEW_TOPIC;
                reasons.add(new Reason(NEW_TOPIC, "Something new: you have not tried " + t.title() + " yet"));
            } else if (p.guided().favourites().contains(t.id()) && use.recentSessions() == 0) {
                score += FAVOURITE;
                reasons.add(new Reason(FAVOURITE, "You tend to finish your " + t.title() + " sessions; it has been a while"));
            }
            String suffix = "";
            if (use != null && use.recentSessions() > 0) {
                score -= REPEAT * use.recentSessions();
                suffix = use.recentSessions() == 1 ? " (you did it once this week)"
                        : " (though you did it " + use.recentSessions() + " times lately)";
            }
            String reason = reasons.stream().max(Comparator.comparingDouble(Reason::weight)).map(Reason::text)
                    .orElse("A change from your usual topics");
            out.add(new Scored(t, score, reason + suffix));
        }
        out.sort(Comparator.comparingDouble((Scored s) -> -round2(s.score())).thenComparing(s -> s.topic().id()));
        return out;
    }

    private List<Scored> starterTopics(Snapshot catalog) {
        List<Scored> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        double confidence = 0.6;
        for (String b : settings.starterTopics()) {
            for (TopicInfo t : catalog.topics()) {
                if (t.topicId().equals(b) && taken.add(b)) {
                    out.add(new Scored(t, confidence, "A good first topic while PAUZ gets to know you"));
                    confidence -= 0.05;
                }
            }
        }
        for (TopicInfo t : catalog.topics()) {
            if (out.size() >= settings.maxTopics()) {
                break;
            }
            if (taken.add(t.topicId())) {
                out.add(new Scored(t, 0.4, "One of the topics to explore as you start"));
            }
        }
        return out;
    }

    private List<TopicItem> topicItems(List<Scored> topics) {
        List<TopicItem> out = new ArrayList<>();
        for (Scored s : topics) {
            double c = round2(clamp(s.score(), 0, 1));
            if (c <= 0 || out.size() >= settings.maxTopics()) {
                continue;
            }
            TopicInfo t = s.topic();
            out.add(new TopicItem(t.id(), t.pack(), t.title(), t.description(), c, s.reason()));
        }
        return out;
    }

    // ---- prompts -------------------------------------------------------------------------------

    private List<PromptItem> prompts(Profile p, List<Scored> topics) {
        Set<String> answered = new HashSet<>();
        p.guided().answered().forEach(a -> answered.add(a.topic() + "#" + a.promptId()));
        Set<String> recentWords = new LinkedHashSet<>();
        p.recentThemes().forEach(t -> recentWords.addAll(t.words()));
        Double latest = p.moods().latest();
        boolean low = latest != null && latest <= settings.lowMood();
        boolean brief = "brief".equals(p.writing().length());
        List<Candidate> candidates = new ArrayList<>();
        for (Scored s : topics) {
            double topicConfidence = clamp(s.score(), 0, 1);
            if (topicConfidence <= 0) {
                continue;
            }
            for (Prompt prompt : s.topic().prompts()) {
                if (answered.contains(s.topic().id() + "#" + prompt.id()) || prompt.stage() == Prompt.Stage.CLOSING) {
                    continue;
                }
                List<String> matched = new ArrayList<>();
                for (String tag : prompt.tags()) {
                    String term = Words.tagTerm(tag);
                    if (recentWords.contains(term) && !matched.contains(term)) {
                        matched.add(term); // "deadline" and "deadlines" are one word here
                    }
                }
                matched.sort(null);
                // Deepening prompts follow up on something; without a match they lack the context they assume.
                if (prompt.stage() == Prompt.Stage.DEEPENING && matched.isEmpty()) {
                    continue;
                }
                boolean gentle = prompt.tags().stream().map(Words::tagTerm).anyMatch(settings.gentleTags()::contains);
                double score = 0.7 * topicConfidence + 0.2 * Math.min(1.0, matched.size() / 2.0);
                String reason;
                if (!matched.isEmpty()) {
                    reason = "Follows up on " + quoted(matched, 3) + " in your recent entries";
                } else if (low && gentle) {
                    reason = "A gentle question for a heavier day";
                } else {
                    reason = s.reason();
                }
                if (low && gentle) {
                    score += 0.1;
                }
                if (brief && prompt.text().length() <= 90) {
                    score += 0.03; // short questions suit people who write short entries
                }
                candidates.add(new Candidate(prompt, s.topic(), score, reason, (p.userId() + ":" + prompt.id()).hashCode()));
            }
        }
        return pick(candidates, p.voice().prefersVoice() ? "voice" : "text");
    }

    private List<PromptItem> starterPrompts(Profile p, List<Scored> topics) {
        List<Candidate> candidates = new ArrayList<>();
        for (Scored s : topics) {
            for (Prompt prompt : s.topic().prompts()) {
                if (prompt.stage() == Prompt.Stage.OPENING) {
                    candidates.add(new Candidate(prompt, s.topic(), s.score() - 0.05,
                            "An easy opening question to begin your journal", (p.userId() + ":" + prompt.id()).hashCode()));
                }
            }
        }
        return pick(candidates, "text");
    }

    /** Best first, at most two per topic so the list offers a choice. */
    private List<PromptItem> pick(List<Candidate> candidates, String mode) {
        candidates.sort(Comparator.comparingDouble((Candidate c) -> -round2(c.score())).thenComparingInt(Candidate::tie)
                .thenComparing(c -> c.prompt().id()));
        Map<String, Integer> perTopic = new HashMap<>();
        List<PromptItem> out = new ArrayList<>();
        for (Candidate c : candidates) {
            double confidence = round2(clamp(c.score(), 0, 1));
            if (out.size() >= settings.maxPrompts() || confidence <= 0) {
                break;
            }
            if (perTopic.merge(c.topic().id(), 1, Integer::sum) > 2) {
                continue;
            }
            out.add(new PromptItem(c.prompt().id(), c.prompt().text(), c.topic().id(), c.topic().title(),
                    c.prompt().stage().name(), confidence, c.reason(), mode));
        }
        return out;
    }

    // ---- flowers -------------------------------------------------------------------------------

    private List<FlowerItem> flowers(Profile p, Mood mood, Snapshot catalog, GardenView garden) {
        ThemeInfo theme = catalog.theme(garden == null ? null : garden.themeId());
        if (theme == null) {
            return List.of();
        }
        Set<String> grown = garden == null || garden.kinds() == null ? Set.of() : garden.kinds();
        List<FlowerItem> out = new ArrayList<>();
        Set<String> kinds = new HashSet<>();
        if (mood.latest() == null) {
            FlowerDefinition calm = flowerFor(theme, 0.0);
            FlowerDefinition up = above(theme, calm);
            add(out, kinds, theme, grown, calm, 0.5, (p.isNew() ? "Your first entry plants your first flower; "
                    : "No mood readings yet; ") + "an ordinary day grows a " + calm.name());
            add(out, kinds, theme, grown, up, 0.4, "A good day grows a " + (up == null ? "" : up.name()));
            return out;
        }
        FlowerDefinition heading = flowerFor(theme, mood.heading());
        FlowerDefinition now = flowerFor(theme, mood.latest());
        String direction = mood.direction();
        double strength = p.moods().trend() == null ? 0 : Math.abs(p.moods().trend());
        String headingReason = switch (direction) {
            case "rising" -> "Your mood is rising: a " + heading.name() + " may be next";
            case "falling" -> "Your mood has dipped lately; a " + heading.name() + " stands for where it is heading";
            default -> "Your mood is steady; a " + heading.name() + " grows for days like yours";
        };
        add(out, kinds, theme, grown, heading, 0.6 + Math.min(0.3, strength), headingReason);
        add(out, kinds, theme, grown, now, 0.5, "Matches how your latest entries read");
        if (mood.heading() < 0.15) {
            FlowerDefinition up = above(theme, heading);
            add(out, kinds, theme, grown, up, 0.4, "Something to grow toward"
                        + (up == null ? "" : ": the " + up.name() + " " + lowerFirst(sentence(up.meaning()))));
        } else {
            FlowerDefinition up = above(theme, heading);
            add(out, kinds, theme, grown, up, 0.35, "Within reach if the good days keep coming");
        }
        out.sort(Comparator.comparingDouble(FlowerItem::confidence).reversed().thenComparing(FlowerItem::kind));
        return out.subList(0, Math.min(out.size(), settings.maxFlowers()));
    }

    private void add(List<FlowerItem> out, Set<String> kinds, ThemeInfo theme, Set<String> grown, FlowerDefinition f,
            double confidence, String reason) {
        if (f == null || !kinds.add(f.kind())) {
            return;
        }
        boolean in = grown.contains(f.kind());
        double c = round2(clamp(confidence + (in ? 0 : 0.05), 0, 1));
        out.add(new FlowerItem(f.kind(), f.name(), theme.id(), f.meaning(), f.moodMin(), f.moodMax(), f.colors(), in, c,
                reason + (in ? "" : "; not in your garden yet")));
    }

    /** The flower whose range holds the mood; on overlapping ranges the higher one, outside all ranges the nearest. */
    static FlowerDefinition flowerFor(ThemeInfo theme, double mood) {
        FlowerDefinition best = null;
        double bestDistance = Double.MAX_VALUE;
        for (FlowerDefinition f : theme.flowers()) {
            double d = f.matches(mood) ? 0 : Math.min(Math.abs(mood - f.moodMin()), Math.abs(mood - f.moodMax()));
            if (d <= bestDistance) {
                best = f;
                bestDistance = d;
            }
        }
        return best;
    }

    private static FlowerDefinition above(ThemeInfo theme, FlowerDefinition f) {
        int i = theme.flowers().indexOf(f);
        return i < 0 || i + 1 >= theme.flowers().size() ? null : theme.flowers().get(i + 1);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static String quoted(List<String> words, int max) {
        List<String> q = words.stream().limit(max).map(w -> "'" + w + "'").toList();
        if (q.size() <= 1) {
            return q.isEmpty() ? "this" : q.get(0);
        }
        return String.join(", ", q.subList(0, q.size() - 1)) + " and " + q.get(q.size() - 1);
    }

    private static String sentence(String s) {
        return s == null ? "" : s.strip().replaceAll("[.!]+$", "");
    }

    private static String lowerFirst(String s) {
        return s == null || s.isEmpty() ? "" : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
