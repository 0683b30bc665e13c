package io.pauz.ai.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pauz.api.ai.AiEngine;
import io.pauz.api.ai.AiMessage;
import io.pauz.api.ai.AiRequest;
import io.pauz.api.ai.AiResponse;
import io.pauz.api.ai.PromptType;
import io.pauz.api.mood.MoodReading;

/**
 * The built-in engine: no network, no model. It answers from the user's own words (keywords, phrases,
 * names, topics; see {@link TextFeatures}) filled into the templates of {@code templates.json}, chosen by
 * mood band and topic. The choice is seeded with a hash of the input, so one input always gives the same
 * answer and different inputs give different ones.
 *
 * <p>Ranked -100 so that any remote engine wins where the highest ranked engine is asked for; the AI
 * layer still uses this one by default (config {@code engine=offline}) and as the fallback.
 *
 * <p>Input: {@code context["text"]} (else the last user message), {@code context["topic"]},
 * {@code context["mood.score"]} / {@code context["mood.label"]}. JSON shapes: see README.
 */
@Component(service = { AiEngine.class, OfflineEngine.class },
        property = { AiEngine.ID_PROPERTY + "=" + OfflineEngine.ID, "service.ranking:Integer=-100",
                "pauz.ai.model=" + OfflineEngine.MODEL })
public class OfflineEngine implements AiEngine {
    static final String ID = "offline";
    static final String MODEL = "pauz-offline-v1";
    static final String CONTEXT_TEXT = "text";
    static final String CONTEXT_TOPIC = "topic";
    static final String CONTEXT_MOOD_SCORE = "mood.score";
    static final String CONTEXT_MOOD_LABEL = "mood.label";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OfflineData data;

    public OfflineEngine() {
        this(OfflineData.shared());
    }

    OfflineEngine(OfflineData data) {
        this.data = data;
    }

    OfflineData data() {
        return data;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public boolean offline() {
        return true;
    }

    @Override
    public AiResponse complete(AiRequest request) {
        String text = request.context().get(CONTEXT_TEXT);
        if (text == null) {
            text = lastUserMessage(request.messages());
        }
        ObjectNode answer = answer(request.type(), text, request.context());
        String out = request.json() ? answer.toString() : plain(request.type(), answer);
        return new AiResponse(out, ID, MODEL, 0, 0);
    }

    /** The structured answer; plain text is rendered from it. */
    ObjectNode answer(PromptType type, String text, Map<String, String> context) {
        String topic = normTopic(context.get(CONTEXT_TOPIC));
        if (type == PromptType.MOOD_ANALYSIS) {
            MoodReading r = TextFeatures.mood(text, data);
            ObjectNode o = JSON.createObjectNode();
            o.put("score", r.score());
            o.put("label", r.label());
            ObjectNode em = o.putObject("emotions");
            r.emotions().forEach(em::put);
            return o;
        }
        TextFeatures.Features f = TextFeatures.of(text, data, topic);
        String band = band(context, text);
        Random rng = new Random(seed(type, band, topic, text));
        Composer c = new Composer(type, f, band, rng);
        ObjectNode o = JSON.createObjectNode();
        switch (type) {
            case WRITING_HINT -> {
                strings(o.putArray("hints"), c.pick("hint", 3 + rng.nextInt(3)));
                strings(o.putArray("keywords"), f.keywords().subList(0, Math.min(5, f.keywords().size())));
                strings(o.putArray("topics"), f.topics());
            }
            case REFLECTION -> {
                o.put("reflection", String.join(" ", c.pick("reflection", f.hasUserWords() ? 2 : 1)));
                strings(o.putArray("questions"), c.pick("question", 2 + rng.nextInt(3)));
            }
            case GUIDED_PROMPT -> {
                o.put("prompt", c.pick("prompt", 1).get(0));
                strings(o.putArray("followUps"), c.pick("followUp", 2));
            }
            case INSIGHT -> {
                o.put("insight", String.join(" ", c.pick("insight", 2)));
                List<String> themes = new ArrayList<>();
                f.topics().forEach(t -> themes.add(data.topics.get(t).label()));
                for (String k : f.keywords()) {
                    if (themes.size() < 5 && !themes.contains(k)) {
                        themes.add(k);
                    }
                }
                strings(o.putArray("themes"), themes);
                o.put("suggestion", c.pick("suggestion", 1).get(0));
            }
            default -> throw new IllegalArgumentException("unsupported prompt type " + type);
        }
        return o;
    }

    /** Picks templates of one slot and fills them with the user's words. */
    private final class Composer {
        private final PromptType type;
        private final TextFeatures.Features f;
        private final String band;
        private final Random rng;
        private final Set<String> used = new LinkedHashSet<>();
        private int item;

        Composer(PromptType type, TextFeatures.Features f, String band, Random rng) {
            this.type = type;
            this.f = f;
            this.band = band;
            this.rng = rng;
        }

        List<String> pick(String slot, int count) {
            Map<String, List<OfflineData.Template>> s = data.slot(type, slot);
            List<OfflineData.Template> personal = new ArrayList<>();
            List<OfflineData.Template> other = new ArrayList<>();
            List<String> selectors = new ArrayList<>(List.of(band, "any"));
            f.topics().forEach(t -> selectors.add("topic:" + t));
            for (String sel : selectors) {
                for (OfflineData.Template t : s.getOrDefault(sel, List.of())) {
                    (t.personal() ? personal : other).add(t);
                }
            }
            Collections.shuffle(personal, rng);
            Collections.shuffle(other, rng);
            List<OfflineData.Template> generic = new ArrayList<>(s.get("generic"));
            Collections.shuffle(generic, rng);
            // the user's words first; topic lines mixed in; generic lines only to make up the count
            List<OfflineData.Template> order = new ArrayList<>();
            int p = 0;
            int o = 0;
            while (p < personal.size() || o < other.size()) {
                boolean takeOther = o < other.size() && (p >= personal.size() || (!order.isEmpty() && rng.nextInt(3) == 0));
                order.add(takeOther ? other.get(o++) : personal.get(p++));
            }
            order.addAll(generic);
            List<String> out = new ArrayList<>();
            for (OfflineData.Template t : order) {
                if (out.size() == count) {
                    break;
                }
                String filled = fill(t);
                if (filled != null && used.add(filled)) {
                    out.add(filled);
                    item++;
                }
            }
            return out;
        }

        /** The template with placeholders filled, or null when the text lacks what it needs. */
        private String fill(OfflineData.Template t) {
            String s = t.text();
            List<String> k = f.keywords();
            if (t.needs().contains("keyword")) {
                if (k.isEmpty()) {
                    return null;
                }
                s = s.replace("{keyword}", k.get(item % k.size()));
            }
            if (t.needs().contains("keyword2")) {
                if (k.size() < 2) {
                    return null;
                }
                s = s.replace("{keyword2}", k.get((item + 1) % k.size()));
            }
            if (t.needs().contains("phrase")) {
                if (f.phrases().isEmpty()) {
                    return null;
                }
                s = s.replace("{phrase}", f.phrases().get(item % f.phrases().size()));
            }
            if (t.needs().contains("name")) {
                if (f.names().isEmpty()) {
                    return null;
                }
                s = s.replace("{name}", f.names().get(item % f.names().size()));
            }
            if (t.needs().contains("topic")) {
                if (f.topics().isEmpty()) {
                    return null;
                }
                s = s.replace("{topic}", data.topics.get(f.topics().get(0)).label());
            }
            return capitalise(s);
        }
    }

    /** negative / neutral / positive from the context's mood, else from the text itself. */
    String band(Map<String, String> context, String text) {
        String score = context.get(CONTEXT_MOOD_SCORE);
        if (score != null) {
            try {
                double s = Double.parseDouble(score.trim());
                if (!Double.isNaN(s)) {
                    return s <= -0.05 ? "negative" : s >= 0.05 ? "positive" : "neutral";
                }
            } catch (NumberFormatException ignored) {
                // fall through to the label
            }
        }
        String label = context.get(CONTEXT_MOOD_LABEL);
        if (label != null) {
            String l = label.toLowerCase(Locale.ROOT);
            if (l.contains("neg") || l.contains("sad") || l.contains("anx") || l.contains("ang") || l.contains("fear")) {
                return "negative";
            }
            if (l.contains("pos") || l.contains("joy") || l.contains("happ") || l.contains("calm") || l.contains("grat")) {
                return "positive";
            }
            if (l.contains("neutral")) {
                return "neutral";
            }
        }
        double s = TextFeatures.mood(text, data).score();
        return s <= -0.05 ? "negative" : s >= 0.05 ? "positive" : "neutral";
    }

    static String plain(PromptType type, ObjectNode a) {
        StringBuilder sb = new StringBuilder();
        switch (type) {
            case WRITING_HINT -> a.path("hints").forEach(h -> sb.append("- ").append(h.asText()).append('\n'));
            case REFLECTION -> {
                sb.append(a.path("reflection").asText()).append("\n\n");
                a.path("questions").forEach(q -> sb.append("- ").append(q.asText()).append('\n'));
            }
            case GUIDED_PROMPT -> {
                sb.append(a.path("prompt").asText()).append("\n\n");
                a.path("followUps").forEach(q -> sb.append("- ").append(q.asText()).append('\n'));
            }
            case INSIGHT -> sb.append(a.path("insight").asText()).append("\n\n").append(a.path("suggestion").asText());
            case MOOD_ANALYSIS -> sb.append(a.path("label").asText()).append(" (").append(a.path("score").asDouble()).append(')');
        }
        return sb.toString().strip();
    }

    private static long seed(PromptType type, String band, String topic, String text) {
        String norm = text == null ? "" : text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((type + "\n" + band + "\n" + topic + "\n" + norm).getBytes(StandardCharsets.UTF_8));
            long seed = 0;
            for (int i = 0; i < 8; i++) {
                seed = (seed << 8) | (h[i] & 0xff);
            }
            return seed;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String normTopic(String topic) {
        return topic == null ? null : topic.strip().toLowerCase(Locale.ROOT);
    }

    private static String lastUserMessage(List<AiMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return messages.get(i).content();
            }
        }
        return "";
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
