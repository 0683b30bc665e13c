package io.pauz.api.ai;

/** One chat message; {@code role} is {@code system}, {@code user} or {@code assistant}. */
public record AiMessage(String role, String content) {
    public static AiMessage system(String content) {
        return new AiMessage("system", content);
    }

    public static AiMessage user(String content) {
        return new AiMessage("user", content);
    }
}
