package io.pauz.support;

import java.util.concurrent.ThreadFactory;

/** Threads of a feature's background work: named for thread dumps, daemons so they never keep the JVM alive. */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** A factory whose threads all carry {@code name}. */
    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
