package io.pauz.speech.sphinx4.internal;

import edu.cmu.sphinx.frontend.BaseDataProcessor;
import edu.cmu.sphinx.frontend.Data;
import edu.cmu.sphinx.frontend.DataProcessingException;
import edu.cmu.sphinx.frontend.DataProcessor;
import edu.cmu.sphinx.frontend.feature.LiveCMN;

/**
 * Sphinx4's live cepstral mean normalisation, started afresh for every file. Sphinx4 keeps one LiveCMN for the
 * life of the recognizer, so its running mean would carry over from one recording to the next (another user's,
 * another microphone) and a transcript would depend on the jobs before it. Public for Sphinx4's configuration
 * manager, which inspects it by reflection; not exported.
 */
public final class FreshLiveCmn extends BaseDataProcessor {
    // LiveCMN's own defaults (frames of 10 ms).
    private static final int CMN_WINDOW = 300;
    private static final int SHIFT_WINDOW = 400;
    private static final int INITIAL_CMN_WINDOW = 200;

    /** LiveCMN built outside Sphinx4's configuration logs each utterance's mean at INFO, under its simple class name. */
    private static final java.util.logging.Logger LIVE_CMN_LOG = java.util.logging.Logger.getLogger(LiveCMN.class.getSimpleName());

    static {
        LIVE_CMN_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private LiveCMN cmn;

    /** Forgets the previous recording's mean; the first 2 s of the next one estimate it again. */
    void reset() {
        LiveCMN fresh = new LiveCMN(0, CMN_WINDOW, SHIFT_WINDOW, INITIAL_CMN_WINDOW);
        fresh.setPredecessor(getPredecessor());
        fresh.initialize();
        cmn = fresh;
    }

    @Override
    public void initialize() {
        super.initialize();
        reset();
    }

    @Override
    public void setPredecessor(DataProcessor predecessor) {
        super.setPredecessor(predecessor);
        if (cmn != null) {
            cmn.setPredecessor(predecessor);
        }
    }

    @Override
    public Data getData() throws DataProcessingException {
        return cmn.getData();
    }
}
