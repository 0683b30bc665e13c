package io.pauz.speech.sphinx4.internal;

/** Plain settings of {@link Sphinx4Transcriber}, so it can run (and be tested) without OSGi. */
record Settings(int poolSize, int absoluteBeamWidth, double relativeBeamWidth, int absoluteWordBeamWidth,
        double relativeWordBeamWidth, double wordInsertionProbability, double languageWeight, int maxAudioSeconds,
        Cmn cmn) {

    /** Cepstral mean normalisation: Sphinx4's live one carried over between files, live per file, or per utterance. */
    enum Cmn { CARRY_OVER, PER_FILE, BATCH }


    static final int DEFAULT_POOL_SIZE = 1;
    static final int DEFAULT_ABSOLUTE_BEAM = 3000;
    static final double DEFAULT_RELATIVE_BEAM = 1e-45;
    static final int DEFAULT_ABSOLUTE_WORD_BEAM = 200;
    static final double DEFAULT_RELATIVE_WORD_BEAM = 1e-40;
    static final double DEFAULT_WORD_INSERTION = 0.1;
    static final double DEFAULT_LANGUAGE_WEIGHT = 8.0;
    static final int DEFAULT_MAX_AUDIO_SECONDS = 3600;

    /** PAUZ's tuned defaults. */
    static final Settings DEFAULTS = new Settings(DEFAULT_POOL_SIZE, DEFAULT_ABSOLUTE_BEAM, DEFAULT_RELATIVE_BEAM,
            DEFAULT_ABSOLUTE_WORD_BEAM, DEFAULT_RELATIVE_WORD_BEAM, DEFAULT_WORD_INSERTION, DEFAULT_LANGUAGE_WEIGHT,
            DEFAULT_MAX_AUDIO_SECONDS, Cmn.PER_FILE);

    /** What Sphinx4's default.config.xml ships with, for comparison. */
    static final Settings SPHINX4_DEFAULTS = new Settings(1, 20000, 1e-60, 200, 1e-40, 0.1, 8.0, 0, Cmn.CARRY_OVER);

    Settings {
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool_size must be at least 1, not " + poolSize);
        }
        if (absoluteBeamWidth < 1 && absoluteBeamWidth != -1) {
            throw new IllegalArgumentException("absolute_beam_width must be positive (or -1 for no limit), not " + absoluteBeamWidth);
        }
        if (absoluteWordBeamWidth < 1 && absoluteWordBeamWidth != -1) {
            throw new IllegalArgumentException("absolute_word_beam_width must be positive (or -1 for no limit), not " + absoluteWordBeamWidth);
        }
        checkProbability("relative_beam_width", relativeBeamWidth);
        checkProbability("relative_word_beam_width", relativeWordBeamWidth);
        checkProbability("word_insertion_probability", wordInsertionProbability);
        if (!(languageWeight > 0)) {
            throw new IllegalArgumentException("language_weight must be positive, not " + languageWeight);
        }
        if (cmn == null) {
            throw new IllegalArgumentException("cmn missing");
        }
        if (maxAudioSeconds < 0) {
            throw new IllegalArgumentException("max_audio_seconds must be 0 (no limit) or positive, not " + maxAudioSeconds);
        }
    }

    static Settings of(Sphinx4Config c) {
        return new Settings(c.pool_size(), c.absolute_beam_width(), c.relative_beam_width(), c.absolute_word_beam_width(),
                c.relative_word_beam_width(), c.word_insertion_probability(), c.language_weight(), c.max_audio_seconds(), Cmn.PER_FILE);
    }

    Settings withPoolSize(int size) {
        return new Settings(size, absoluteBeamWidth, relativeBeamWidth, absoluteWordBeamWidth, relativeWordBeamWidth,
                wordInsertionProbability, languageWeight, maxAudioSeconds, cmn);
    }

    Settings withBeams(int absolute, double relative) {
        return new Settings(poolSize, absolute, relative, absoluteWordBeamWidth, relativeWordBeamWidth,
                wordInsertionProbability, languageWeight, maxAudioSeconds, cmn);
    }

    Settings withMaxAudioSeconds(int seconds) {
        return new Settings(poolSize, absoluteBeamWidth, relativeBeamWidth, absoluteWordBeamWidth, relativeWordBeamWidth,
                wordInsertionProbability, languageWeight, seconds, cmn);
    }

    Settings withCmn(Cmn kind) {
        return new Settings(poolSize, absoluteBeamWidth, relativeBeamWidth, absoluteWordBeamWidth, relativeWordBeamWidth,
                wordInsertionProbability, languageWeight, maxAudioSeconds, kind);
    }

    Settings withLanguage(double wordInsertion, double weight) {
        return new Settings(poolSize, absoluteBeamWidth, relativeBeamWidth, absoluteWordBeamWidth, relativeWordBeamWidth,
                wordInsertion, weight, maxAudioSeconds, cmn);
    }

    private static void checkProbability(String key, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(key + " must be in (0, 1], not " + value);
        }
    }
}
