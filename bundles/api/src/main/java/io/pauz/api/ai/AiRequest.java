package io.pauz.api.ai;

import java.util.List;
import java.util.Map;

/**
 * A completion request.
 *
 * @param context structured facts the offline engine uses directly (topic, mood, user's words);
 *                remote engines receive the same facts inside {@code messages}
 * @param json    true when the answer must be a JSON object
 */
public record AiRequest(PromptType type, List<AiMessage> messages, Map<String, String> context, double temperature,
        int maxTokens, boolean json) {
    public AiRequest {
        messages = List.copyOf(messages);
        context = context == null ? Map.of() : Map.copyOf(context);
    }
}
