package io.pauz.recommendations.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.pauz.api.guided.GuidedSessionRecord;
import io.pauz.api.journal.JournalEntry;
import io.pauz.recommendations.internal.Profile.ActiveHours;
import io.pauz.recommendations.internal.Profile.AnsweredPrompt;
import io.pauz.recommendations.internal.Profile.Guided;
import io.pauz.recommendations.internal.Profile.Moods;
import io.pauz.recommendations.internal.Profile.RecentSession;
import io.pauz.recommendations.internal.Profile.Sources;
import io.pauz.recommendations.internal.Profile.Theme;
import io.pauz.recommendations.internal.Profile.TopicUse;
import io.pauz.recommendations.internal.Profile.Voice;
import io.pauz.recommendations.internal.Profile.Window;
import io.pauz.recommendations.internal.Profile.Writing;
import io.pauz.support.Words;

/** Derives a {@link Profile} from a user's entries and guided sessions. Pure: the same input gives the same profile. */
final class ProfileBuilder {
    private static final int LATEST_READINGS = 5;
    private static final double DIRECTION_STEP = 0.15;
    private static final int WINDOW = 50;

    /**
     * @param entries the user's entries without text, newest first
     * @param texts   full texts of a sample of the newest entries, by entry id
     * @param sessions the user's guided sessions, any order
     */
    record Input(String userId, Instant now, ZoneId zone, List<JournalEntry> entries, Map<String, String> texts,
            List<GuidedSessionRecord> sessions, Sources sources, Boolean voicePreference) {
    }

    private final int recentDays;
    private final int historyDays;
    private final int repeatDays;
    private final int answeredDays;

    ProfileBuilder(int recentDays, int historyDays, int repeatDays, int answeredDays) {
        this.recentDays = recentDays;
        this.historyDays = historyDays;
        this.repeatDays = repeatDays;
        this.answeredDays = answeredDays;
    }

    Profile build(Input in, Map<String, Map<String, Double>> vocabulary) {
        Instant recentFrom = in.now().minus(Duration.ofDays(recentDays));
        Instant newest = null;
        for (JournalEntry e : in.entries()) {
            newest = max(newest, max(e.createdAt(), e.updatedAt()));
        }
        for (GuidedSessionRecord s : in.sessions()) {
            newest = max(newest, max(s.startedAt(), s.completedAt()));
        }
        return new Profile(Profile.FORMAT, in.userId(), in.now(), newest, in.sources(), in.entries().size(),
                in.sessions().size(), writing(in), moods(in, recentFrom), activeHours(in), guided(in),
                themes(in, vocabulary), voice(in));
    }

    // ---- writing style -------------------------------------------------------------------------

    private Writing writing(Input in) {
        List<Integer> words = in.entries().stream().map(JournalEntry::wordCount).sorted().toList();
        List<Integer> answers = new ArrayList<>();
        for (GuidedSessionRecord s : in.sessions()) {
            for (GuidedSessionRecord.Exchange x : s.exchanges()) {
                if (x.answer() != null && !x.answer().isBlank()) {
                    answers.add(Words.stemmedWords(x.answer()).size());
                }
            }
        }
        answers.sort(Integer::compare);
        int questions = 0;
        int exclamations = 0;
        double variety = 0;
        int windows = 0;
        for (String text : in.texts().values()) {
            questions += count(text, '?');
            exclamations += count(text, '!');
            List<String> terms = Words.stemmedWords(text);
            for (int i = 0; i + WINDOW <= terms.size() || (i == 0 && !terms.isEmpty()); i += WINDOW) {
                List<String> w = terms.subList(i, Math.min(terms.size(), i + WINDOW));
                variety += (double) new HashSet<>(w).size() / w.size();
                windows++;
            }
        }
        int sampled = in.texts().size();
        long voice = in.entries().stream().filter(ProfileBuilder::spoken).count();
        long typed = in.entries().size() - voice;
        int n = in.entries().size();
        int median = median(words);
        String length = n == 0 ? "unknown" : median < 60 ? "brief" : median > 250 ? "expansive" : "moderate";
        return new Writing(median, round(words.stream().mapToInt(Integer::intValue).average().orElse(0)), median(answers),
                round(windows == 0 ? 0 : variety / windows), round(sampled == 0 ? 0 : (double) questions / sampled),
                round(sampled == 0 ? 0 : (double) exclamations / sampled), round(n == 0 ? 0 : (double) typed / n),
                round(n == 0 ? 0 : (double) voice / n), length, sampled);
    }

    static boolean spoken(JournalEntry e) {
        return "voice".equals(e.source()) || e.hasAudio();
    }

    // ---- moods ---------------------------------------------------------------------------------

    private record Reading(Instant at, double score, String label) {
    }

    private Moods moods(Input in, Instant recentFrom) {
        List<Reading> readings = new ArrayList<>();
        for (JournalEntry e : in.entries()) {
            if (e.moodScore() != null) {
                readings.add(new Reading(e.createdAt(), e.moodScore(), e.moodLabel()));
            }
        }
        for (GuidedSessionRecord s : in.sessions()) {
            if (s.moodScore() != null) {
                readings.add(new Reading(s.completedAt() != null ? s.completedAt() : s.startedAt(), s.moodScore(), s.moodLabel()));
            }
        }
        readings.sort(Comparator.comparing(Reading::at).reversed());
        Window overall = window(readings, historyDays);
        Window recent = window(readings.stream().filter(r -> !r.at().isBefore(recentFrom)).toList(), recentDays);
        Double latest = readings.isEmpty() ? null
                : round(readings.stream().limit(LATEST_READINGS).mapToDouble(Reading::score).average().orElse(0));
        Double trend = null;
        String direction = "unknown";
        // A direction needs readings beyond the latest ones to compare with.
        if (latest != null && readings.size() > LATEST_READINGS && overall.average() != null) {
            double older = readings.stream().skip(LATEST_READINGS).mapToDouble(Reading::score).average().orElse(0);
            trend = round(latest - older);
            direction = trend >= DIRECTION_STEP ? "rising" : trend <= -DIRECTION_STEP ? "falling" : "steady";
        } else if (latest != null) {
            direction = "steady";
        }
        return new Moods(recent, overall, latest, trend, direction);
    }

    private static Window window(List<Reading> readings, int days) {
        Map<String, Integer> labels = new TreeMap<>();
        for (Reading r : readings) {
            if (r.label() != null) {
                labels.merge(r.label(), 1, Integer::sum);
            }
        }
        Double avg = readings.isEmpty() ? null : round(readings.stream().mapToDouble(Reading::score).average().orElse(0));
        return new Window(days, readings.size(), avg, labels);
    }

    // ---- active hours --------------------------------------------------------------------------

    private ActiveHours activeHours(Input in) {
        int[] hours = new int[24];
        for (JournalEntry e : in.entries()) {
            hours[e.createdAt().atZone(in.zone()).getHour()]++;
        }
        for (GuidedSessionRecord s : in.sessions()) {
            hours[s.startedAt().atZone(in.zone()).getHour()]++;
        }
        List<Integer> list = new ArrayList<>();
        for (int h : hours) {
            list.add(h);
        }
        List<Integer> peaks = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            if (hours[h] > 0) {
                peaks.add(h);
            }
        }
        peaks.sort((a, b) -> hours[b] != hours[a] ? Integer.compare(hours[b], hours[a]) : Integer.compare(a, b));
        int[] parts = new int[4]; // morning, afternoon, evening, night
        for (int h = 0; h < 24; h++) {
            parts[h >= 5 && h < 12 ? 0 : h >= 12 && h < 17 ? 1 : h >= 17 && h < 22 ? 2 : 3] += hours[h];
        }
        int best = -1;
        for (int i = 0; i < 4; i++) {
            if (parts[i] > 0 && (best < 0 || parts[i] > parts[best])) {
                best = i;
            }
        }
        String part = best < 0 ? "unknown" : new String[] { "morning", "afternoon", "evening", "night" }[best];
        return new ActiveHours(in.zone().getId(), List.copyOf(list), List.copyOf(peaks.subList(0, Math.min(3, peaks.size()))), part);
    }

    // ---- guided sessions -----------------------------------------------------------------------

    private Guided guided(Input in) {
        Instant repeatFrom = in.now().minus(Duration.ofDays(repeatDays));
        Instant answeredFrom = in.now().minus(Duration.ofDays(answeredDays));
        Map<String, List<GuidedSessionRecord>> byTopic = new TreeMap<>();
        for (GuidedSessionRecord s : in.sessions()) {
            if (s.topic() != null) {
                byTopic.computeIfAbsent(s.topic(), k -> new ArrayList<>()).add(s);
            }
        }
        List<TopicUse> uses = new ArrayList<>();
        for (Map.Entry<String, List<GuidedSessionRecord>> e : byTopic.entrySet()) {
            List<GuidedSessionRecord> list = e.getValue();
            int completed = (int) list.stream().filter(s -> s.completedAt() != null).count();
            int recent = (int) list.stream().filter(s -> !s.startedAt().isBefore(repeatFrom)).count();
            double completion = list.stream().mapToInt(GuidedSessionRecord::completionPercentage).average().orElse(0);
            Double mood = list.stream().filter(s -> s.moodScore() != null).mapToDouble(GuidedSessionRecord::moodScore)
                    .average().stream().boxed().findFirst().map(ProfileBuilder::round).orElse(null);
            Instant last = list.stream().map(GuidedSessionRecord::startedAt).max(Comparator.naturalOrder()).orElse(null);
            String title = list.get(list.size() - 1).topicTitle();
            uses.add(new TopicUse(e.getKey(), title, list.size(), completed, recent, round(completion), mood, last));
        }
        List<String> favourites = uses.stream().filter(u -> u.completed() > 0)
                .sorted(Comparator.comparingDouble((TopicUse u) -> -u.completed() * u.averageCompletion())
                        .thenComparing(TopicUse::topic))
                .limit(3).map(TopicUse::topic).toList();
        List<GuidedSessionRecord> newestFirst = new ArrayList<>(in.sessions());
        newestFirst.sort(Comparator.comparing(GuidedSessionRecord::startedAt).reversed().thenComparing(GuidedSessionRecord::id,
                Comparator.nullsLast(Comparator.naturalOrder())));
        List<RecentSession> recent = newestFirst.stream().limit(5)
                .map(s -> new RecentSession(s.topic(), s.topicTitle(), s.startedAt(), s.completionPercentage(), s.moodScore()))
                .toList();
        Map<String, AnsweredPrompt> answered = new LinkedHashMap<>();
        for (GuidedSessionRecord s : newestFirst) {
            for (GuidedSessionRecord.Exchange x : s.exchanges()) {
                Instant at = x.answeredAt() != null ? x.answeredAt() : s.startedAt();
                if (x.answer() != null && x.promptId() != null && !at.isBefore(answeredFrom)) {
                    answered.putIfAbsent(s.topic() + "#" + x.promptId(), new AnsweredPrompt(s.topic(), x.promptId(), at));
                }
            }
        }
        return new Guided(List.copyOf(uses), favourites, recent, List.copyOf(answered.values()));
    }

    // ---- themes of recent entries --------------------------------------------------------------

    /**
     * Which topics the sampled entries are about. An entry counts with a weight halving every week of age and not at
     * all beyond the history, so a topic rises as soon as the user starts writing about it and fades as they stop.
     */
    private static List<Theme> themes(Input in, Map<String, Map<String, Double>> vocabulary) {
        Map<String, Double> weight = new HashMap<>();
        Map<String, Integer> entries = new HashMap<>();
        Map<String, Map<String, Integer>> wordCounts = new HashMap<>();
        double total = 0;
        for (JournalEntry e : in.entries()) {
            String text = in.texts().get(e.id());
            if (text == null) {
                continue;
            }
            double ageDays = Math.max(0, Duration.between(e.createdAt(), in.now()).toMinutes() / 1440.0);
            double w = Math.pow(0.5, ageDays / 7);
            total += w;
            List<String> terms = Words.stemmedWords(((e.title() == null ? "" : e.title() + " ") + text));
            Set<String> distinct = new HashSet<>(terms);
            for (Map.Entry<String, Map<String, Double>> topic : vocabulary.entrySet()) {
                double score = 0;
                List<String> matched = new ArrayList<>();
                for (String term : distinct) {
                    Double tw = topic.getValue().get(term);
                    if (tw != null) {
                        score += tw;
                        matched.add(term);
                    }
                }
                if (score >= 0.999) {
                    weight.merge(topic.getKey(), w, Double::sum);
                    entries.merge(topic.getKey(), 1, Integer::sum);
                    Map<String, Integer> counts = wordCounts.computeIfAbsent(topic.getKey(), k -> new HashMap<>());
                    for (String term : terms) {
                        if (matched.contains(term)) {
                            counts.merge(term, 1, Integer::sum);
                        }
                    }
                }
            }
        }
        // Few entries must not make one mention look like a pattern: divide by at least 3.
        double denominator = Math.max(3.0, total);
        List<Theme> out = new ArrayList<>();
        for (Map.Entry<String, Double> e : weight.entrySet()) {
            List<String> words = wordCounts.getOrDefault(e.getKey(), Map.of()).entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(4).map(Map.Entry::getKey).toList();
            out.add(new Theme(e.getKey(), round(Math.min(1.0, e.getValue() / denominator)), entries.get(e.getKey()), words));
        }
        out.sort(Comparator.comparingDouble(Theme::strength).reversed().thenComparing(Theme::topic));
        return out;
    }

    // ---- voice ---------------------------------------------------------------------------------

    private static Voice voice(Input in) {
        int spoken = (int) in.entries().stream().filter(ProfileBuilder::spoken).count();
        double share = in.entries().isEmpty() ? 0 : (double) spoken / in.entries().size();
        boolean prefers = in.voicePreference() != null ? in.voicePreference() : spoken >= 2 && share >= 0.5;
        return new Voice(spoken, round(share), in.voicePreference(), prefers);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static int count(String text, char c) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    private static int median(List<Integer> sorted) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (int) Math.round((sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
