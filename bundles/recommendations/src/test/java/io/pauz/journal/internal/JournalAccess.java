package io.pauz.journal.internal;

import java.util.Map;

import io.pauz.api.journal.JournalListener;
import io.pauz.api.mood.MoodAnalyzer;
import io.pauz.testsupport.ServiceObjects;

/** Test-only door to the journal's package-private DS bind methods, as Declarative Services would call them. */
public final class JournalAccess {
    private JournalAccess() {
    }

    public static void addAnalyzer(JournalServiceImpl journal, MoodAnalyzer analyzer, Map<String, Object> props) {
        journal.addMoodAnalyzer(analyzer, props);
    }

    public static void addListener(JournalServiceImpl journal, JournalListener listener) {
        journal.addJournalListener(ServiceObjects.of(listener));
    }

    public static void deactivate(JournalServiceImpl journal) {
        journal.deactivate();
    }
}
