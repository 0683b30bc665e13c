package io.pauz.speech.sphinx4.internal;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import edu.cmu.sphinx.frontend.util.StreamDataSource;
import edu.cmu.sphinx.recognizer.Recognizer;
import edu.cmu.sphinx.result.Result;
import edu.cmu.sphinx.result.WordResult;
import edu.cmu.sphinx.util.TimeFrame;
import edu.cmu.sphinx.util.props.ConfigurationManager;
import edu.cmu.sphinx.util.props.ConfigurationManagerUtils;
import io.pauz.api.speech.Transcript;

/**
 * One Sphinx4 recognizer with its own copy of the model. Not thread safe (neither is Sphinx4): the pool in
 * {@link Sphinx4Transcriber} hands it to one caller at a time.
 */
final class Decoder {
    private static final Logger LOG = LoggerFactory.getLogger(Decoder.class);
    private static final String MODEL = "resource:/edu/cmu/sphinx/models/en-us/";
    /** Sphinx4 names its java.util.logging logger after its configuration file (default.config.xml). */
    private static final java.util.logging.Logger SPHINX_LOG = java.util.logging.Logger.getLogger("default.config");

    private final Recognizer recognizer;
    private final StreamDataSource source;
    private final FreshLiveCmn freshCmn; // null when Sphinx4's own CMN is used

    private Decoder(Recognizer recognizer, StreamDataSource source, FreshLiveCmn freshCmn) {
        this.recognizer = recognizer;
        this.source = source;
        this.freshCmn = freshCmn;
    }

    /** Loads the model: several seconds and about 150 MB of heap. */
    static Decoder load(Settings s) throws Exception {
        return withOwnClassLoader(() -> {
            // Sphinx4's own default configuration, but set up here rather than through its Context class: Context
            // instantiates every component at once, and changing a search setting afterwards re-configures them
            // all, which leaves the front end unlinked (NullPointerException in MelFrequencyFilterBank).
            ConfigurationManager cm = new ConfigurationManager(
                    ConfigurationManagerUtils.resourceToURL("resource:/edu/cmu/sphinx/api/default.config.xml"));
            routeLogging();
            cm.setGlobalProperty("absoluteBeamWidth", Integer.toString(s.absoluteBeamWidth()));
            cm.setGlobalProperty("relativeBeamWidth", Double.toString(s.relativeBeamWidth()));
            cm.setGlobalProperty("absoluteWordBeamWidth", Integer.toString(s.absoluteWordBeamWidth()));
            cm.setGlobalProperty("relativeWordBeamWidth", Double.toString(s.relativeWordBeamWidth()));
            cm.setGlobalProperty("wordInsertionProbability", Double.toString(s.wordInsertionProbability()));
            cm.setGlobalProperty("languageWeight", Double.toString(s.languageWeight()));
            // What Context(Configuration) sets for the US English model of sphinx4-data.
            set(cm, "acousticModelLoader->location", MODEL + "en-us");
            set(cm, "dictionary->fillerPath", MODEL + "en-us/noisedict");
            set(cm, "dictionary->dictionaryPath", MODEL + "cmudict-en-us.dict");
            set(cm, "trieNgramModel->location", MODEL + "en-us.lm.bin");
            set(cm, "lexTreeLinguist->languageModel", "trieNgramModel");
            set(cm, "dataSource->sampleRate", Integer.toString(WavFile.SAMPLE_RATE));
            FreshLiveCmn freshCmn = null;
            String pipeline = "dataSource;dataBlocker;speechClassifier;speechMarker;preemphasizer;windower;fft;autoCepstrum;%s;"
                    + "featureExtraction;featureTransform";
            if (s.cmn() == Settings.Cmn.PER_FILE) {
                freshCmn = new FreshLiveCmn();
                cm.addConfigurable(freshCmn, "freshLiveCMN");
                set(cm, "liveFrontEnd->pipeline", String.format(pipeline, "freshLiveCMN"));
            } else if (s.cmn() == Settings.Cmn.BATCH) {
                set(cm, "liveFrontEnd->pipeline", String.format(pipeline, "batchCMN"));
            }
            Recognizer r = cm.lookup(Recognizer.class);
            StreamDataSource source = cm.lookup(StreamDataSource.class);
            r.allocate(); // the slow part: acoustic model, dictionary, language model, lexical tree
            return new Decoder(r, source, freshCmn);
        });
    }

    private static void set(ConfigurationManager cm, String property, String value) {
        ConfigurationManagerUtils.setProperty(cm, property, value);
    }

    /** Decodes every utterance Sphinx4's speech detector finds in the file; silence gives no words. */
    Transcript decode(WavFile wav) throws Exception {
        return withOwnClassLoader(() -> {
            StringBuilder text = new StringBuilder();
            List<Transcript.Word> words = new ArrayList<>();
            try (InputStream in = wav.samples()) {
                if (freshCmn != null) {
                    freshCmn.reset();
                }
                source.setInputStream(in, TimeFrame.INFINITE);
                Result result;
                while ((result = recognizer.recognize()) != null) {
                    String hypothesis = result.getBestResultNoFiller().trim();
                    if (!hypothesis.isEmpty()) {
                        text.append(text.length() == 0 ? "" : " ").append(hypothesis);
                    }
                    // Same token path as the hypothesis (SpeechResult's lattice path can differ, and costs more).
                    for (WordResult w : result.getTimedBestResult(false)) {
                        String spelling = w.getWord().getSpelling();
                        if (w.isFiller() || spelling.startsWith("<") || spelling.startsWith("[")) {
                            continue;
                        }
                        TimeFrame t = w.getTimeFrame(); // milliseconds from the start of the file
                        words.add(new Transcript.Word(spelling, t.getStart() / 1000.0, t.getEnd() / 1000.0));
                    }
                }
            }
            return new Transcript(text.toString(), "en", words, Sphinx4Transcriber.ENGINE);
        });
    }

    void close() {
        try {
            recognizer.deallocate();
        } catch (RuntimeException e) {
            LOG.debug("Sphinx4 recognizer did not deallocate cleanly", e);
        }
    }

    /**
     * Sphinx4 finds its configuration and model as resources of its own classes, which live on this bundle's class
     * path; the XML parser it asks the JDK for may consult the context class loader, so that is pointed here too.
     */
    private static <T> T withOwnClassLoader(Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Decoder.class.getClassLoader());
        try {
            return work.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Sphinx4 gives its logger a console handler at INFO; send its warnings to SLF4J instead. */
    private static void routeLogging() {
        synchronized (SPHINX_LOG) {
            for (Handler h : SPHINX_LOG.getHandlers()) {
                SPHINX_LOG.removeHandler(h);
            }
            SPHINX_LOG.setUseParentHandlers(false);
            SPHINX_LOG.setLevel(Level.WARNING);
            SPHINX_LOG.addHandler(new Handler() {
                @Override
                public void publish(LogRecord r) {
                    if (String.valueOf(r.getMessage()).contains("missing")) {
                        LOG.debug("Sphinx4 {}: {}", r.getLoggerName(), r.getMessage()); // 15 words of the LM lack a pronunciation: known, harmless
                    } else if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                        LOG.error("Sphinx4 {}: {}", r.getLoggerName(), r.getMessage(), r.getThrown());
                    } else {
                        LOG.warn("Sphinx4 {}: {}", r.getLoggerName(), r.getMessage(), r.getThrown());
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            });
        }
    }
}
