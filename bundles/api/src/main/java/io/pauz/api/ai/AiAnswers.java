package io.pauz.api.ai;

import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The AI layer as a service: writing hints, reflections and mood readings for a user, cached for 24 hours and kept in
 * the user's ai-prompts, and ratings of those answers. Registered by {@code io.pauz.ai}; the REST resource of
 * {@code io.pauz.ai.rest} is its client. Answers are JSON objects, shaped as {@code shared/API.md} describes for
 * {@code /ai}; every call names the user and another user's answer is a 404. Methods throw
 * {@link io.pauz.api.rest.ApiException}: 422 for bad input, 429
 * ({@link io.pauz.api.rest.RateLimitedException}) past the per-user rate, 503/504 when the engine fails without
 * fallback.
 */
@ProviderType
public interface AiAnswers {

    /** {@code id, hints[], engine, model, cached[, fallbackFrom]}; {@code topic} optional. */
    Map<String, Object> hints(String userId, String text, String topic);

    /** For a journal entry ({@code entryId}) or a text, not both: {@code id, reflection, questions[], mood, ...}. */
    Map<String, Object> reflection(String userId, String entryId, String text);

    /** {@code id, score, label, emotions, analyzer, cached[, fallbackFrom]}. */
    Map<String, Object> mood(String userId, String text);

    /** An answer given to the user earlier, as stored (with its rating once rated). */
    Optional<Map<String, Object>> answer(String userId, String answerId);

    /** Rates an answer 1..5. */
    Map<String, Object> rate(String userId, String answerId, Integer score);
}
