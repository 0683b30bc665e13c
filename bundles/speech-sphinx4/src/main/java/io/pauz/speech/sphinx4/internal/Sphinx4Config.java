package io.pauz.speech.sphinx4.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@code io.pauz.speech.sphinx4}; every key is optional. Defaults are tuned for speed on a small
 * machine (see README.md for the measurements); Sphinx4's own defaults are noted for each search knob.
 */
@ObjectClassDefinition(name = "PAUZ offline speech to text (Sphinx4)")
@interface Sphinx4Config {
    @AttributeDefinition(description = "Recognizers decoding at once; each holds its own copy of the model (about 150 MB of heap)")
    int pool_size() default Settings.DEFAULT_POOL_SIZE;

    @AttributeDefinition(description = "Load the model on a background thread at activation instead of on the first transcription")
    boolean preload() default true;

    @AttributeDefinition(description = "Most HMM states kept per frame (Sphinx4 default 20000); lower is faster, too low loses words")
    int absolute_beam_width() default Settings.DEFAULT_ABSOLUTE_BEAM;

    @AttributeDefinition(description = "States scoring below best * this are pruned (Sphinx4 default 1e-60); larger is faster")
    double relative_beam_width() default Settings.DEFAULT_RELATIVE_BEAM;

    @AttributeDefinition(description = "Most word ends kept per frame (Sphinx4 default 200)")
    int absolute_word_beam_width() default Settings.DEFAULT_ABSOLUTE_WORD_BEAM;

    @AttributeDefinition(description = "Word ends scoring below best * this are pruned (Sphinx4 default 1e-40)")
    double relative_word_beam_width() default Settings.DEFAULT_RELATIVE_WORD_BEAM;

    @AttributeDefinition(description = "Word insertion probability (Sphinx4 default 0.1); lower gives fewer, longer words")
    double word_insertion_probability() default Settings.DEFAULT_WORD_INSERTION;

    @AttributeDefinition(description = "Language model weight (Sphinx4 default 8.0)")
    double language_weight() default Settings.DEFAULT_LANGUAGE_WEIGHT;

    @AttributeDefinition(description = "Longest recording accepted, in seconds (0 = no limit); protects the decoder from hour-long jobs")
    int max_audio_seconds() default Settings.DEFAULT_MAX_AUDIO_SECONDS;
}
