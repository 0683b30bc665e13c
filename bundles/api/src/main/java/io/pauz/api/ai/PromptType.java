package io.pauz.api.ai;

/** What an AI request is for; decides the bucket folder its answer is kept in. */
public enum PromptType {
    WRITING_HINT, REFLECTION, MOOD_ANALYSIS, GUIDED_PROMPT, INSIGHT
}
