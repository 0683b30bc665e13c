package io.pauz.api.ai;

/** An engine's answer with the token counts the engine reported (0 where unknown). */
public record AiResponse(String text, String engine, String model, int promptTokens, int completionTokens) {
}
