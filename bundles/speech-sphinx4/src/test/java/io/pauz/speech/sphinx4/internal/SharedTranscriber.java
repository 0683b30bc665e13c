package io.pauz.speech.sphinx4.internal;

/** One model load for the whole test run: loading is the slowest thing the tests do. */
final class SharedTranscriber {
    private static Sphinx4Transcriber instance;
    static long loadMillis;
    static long heapBytes;

    private SharedTranscriber() {
    }

    static synchronized Sphinx4Transcriber get() throws Exception {
        if (instance == null) {
            long before = usedHeap();
            long start = System.nanoTime();
            Sphinx4Transcriber t = new Sphinx4Transcriber(Settings.DEFAULTS);
            t.warmUp();
            loadMillis = (System.nanoTime() - start) / 1_000_000;
            heapBytes = usedHeap() - before;
            System.out.printf("Sphinx4 model load: %d ms, retained heap about %d MB%n", loadMillis, heapBytes >> 20);
            instance = t;
        }
        return instance;
    }

    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
