package io.pauz.api.prompt;

/** A guided journaling topic; {@code id} is unique within its pack. */
public record Topic(String id, String title, String description) {
}
