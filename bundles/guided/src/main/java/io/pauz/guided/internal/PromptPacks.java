package io.pauz.guided.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.prompt.Prompt;
import io.pauz.api.prompt.PromptPack;
import io.pauz.api.prompt.Topic;
import io.pauz.guided.internal.Docs.PromptRef;
import io.pauz.guided.internal.Views.TopicView;
import io.pauz.support.RankedServices;

/**
 * The prompt packs installed right now. Packs are third-party code that comes and goes: every call into one is
 * guarded, so a broken pack hides only itself, and a session copies its topic's prompts at start so it never
 * needs the pack again.
 */
final class PromptPacks {
    private static final Logger LOG = LoggerFactory.getLogger(PromptPacks.class);
    static final Pattern PACK_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    static final int MAX_TOPIC_ID = 99;
    static final int MAX_PROMPT_ID = 100;
    static final int MAX_PROMPT_TEXT = 2000;

    private final RankedServices<PromptPack> packs = new RankedServices<>(PromptPack.ID_PROPERTY);

    void add(PromptPack pack, Map<String, Object> props) {
        packs.add(pack, props);
    }

    void remove(Map<String, Object> props) {
        packs.remove(props);
    }

    /** A topic resolved for a new session, with its prompts copied. */
    record Resolved(String qualifiedId, String packId, String packName, Topic topic, List<PromptRef> prompts) {
    }

    /** Packs by id in ranking order; of two services claiming one id the higher ranked wins. */
    private Map<String, PromptPack> byId() {
        Map<String, PromptPack> out = new LinkedHashMap<>();
        for (RankedServices.Ranked<PromptPack> e : packs.all()) {
            String id = e.name();
            if (id.isEmpty()) {
                id = safe(() -> e.service().id(), "");
            }
            if (!PACK_ID.matcher(id).matches()) {
                LOG.warn("ignoring prompt pack {} with unusable id '{}'", e.service().getClass().getName(), id);
                continue;
            }
            out.putIfAbsent(id, e.service());
        }
        return out;
    }

    List<TopicView> topics() {
        List<TopicView> out = new ArrayList<>();
        for (Map.Entry<String, PromptPack> e : byId().entrySet()) {
            String packId = e.getKey();
            PromptPack pack = e.getValue();
            try {
                String packName = pack.name();
                Set<String> seen = new LinkedHashSet<>();
                for (Topic t : pack.topics()) {
                    if (!usableTopic(t) || !seen.add(t.id())) {
                        continue;
                    }
                    List<Prompt> prompts = pack.prompts(t.id());
                    out.add(new TopicView(packId + ":" + t.id(), packId, packName, t.title(), t.description(),
                            prompts == null ? 0 : prompts.size()));
                }
            } catch (RuntimeException ex) {
                LOG.warn("prompt pack {} failed to list its topics; it is left out", packId, ex);
            }
        }
        return out;
    }

    /**
     * The topic {@code ref} names: {@code <pack>:<topic>}, or a bare topic id when exactly one pack has it.
     *
     * @return null when no installed pack has the topic
     * @throws AmbiguousTopic when a bare id is in several packs
     */
    Resolved resolve(String ref) {
        if (ref == null || ref.isBlank() || ref.length() > 201) {
            return null;
        }
        Map<String, PromptPack> byId = byId();
        int colon = ref.indexOf(':');
        if (colon >= 0) {
            PromptPack pack = byId.get(ref.substring(0, colon));
            return pack == null ? null : resolve(ref.substring(0, colon), pack, ref.substring(colon + 1));
        }
        Resolved found = null;
        for (Map.Entry<String, PromptPack> e : byId.entrySet()) {
            Resolved r = resolve(e.getKey(), e.getValue(), ref);
            if (r != null) {
                if (found != null) {
                    throw new AmbiguousTopic(found.qualifiedId(), r.qualifiedId());
                }
                found = r;
            }
        }
        return found;
    }

    static final class AmbiguousTopic extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AmbiguousTopic(String a, String b) {
            super("the topic is in several packs, e.g. " + a + " and " + b + "; name it as <pack>:<topic>");
        }
    }

    private static Resolved resolve(String packId, PromptPack pack, String topicId) {
        try {
            for (Topic t : pack.topics()) {
                if (usableTopic(t) && t.id().equals(topicId)) {
                    return new Resolved(packId + ":" + topicId, packId, pack.name(), t, snapshot(packId, pack.prompts(topicId)));
                }
            }
        } catch (RuntimeException ex) {
            LOG.warn("prompt pack {} failed on topic {}; treated as absent", packId, topicId, ex);
        }
        return null;
    }

    /** Copies the usable prompts: ids unique, text present and not huge, a stage. */
    static List<PromptRef> snapshot(String packId, List<Prompt> prompts) {
        List<PromptRef> out = new ArrayList<>();
        if (prompts == null) {
            return out;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (Prompt p : prompts) {
            if (p == null || p.id() == null || p.id().isBlank() || p.id().length() > MAX_PROMPT_ID || p.stage() == null
                    || p.text() == null || p.text().isBlank() || p.text().length() > MAX_PROMPT_TEXT) {
                LOG.debug("pack {}: skipping unusable prompt {}", packId, p == null ? null : p.id());
                continue;
            }
            if (ids.add(p.id())) {
                out.add(new PromptRef(p.id(), p.text(), p.stage(), p.tags().stream().sorted().toList()));
            }
        }
        return out;
    }

    private static boolean usableTopic(Topic t) {
        return t != null && t.id() != null && !t.id().isBlank() && t.id().length() <= MAX_TOPIC_ID;
    }

    private static <T> T safe(java.util.function.Supplier<T> s, T fallback) {
        try {
            T v = s.get();
            return v == null ? fallback : v;
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
