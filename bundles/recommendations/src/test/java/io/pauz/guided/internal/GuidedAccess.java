package io.pauz.guided.internal;

import java.util.Map;

import io.pauz.api.guided.GuidedSessionListener;
import io.pauz.api.mood.MoodAnalyzer;
import io.pauz.api.prompt.PromptPack;
import io.pauz.testsupport.ServiceObjects;

/** Test-only door to the guided service's package-private DS bind methods, as Declarative Services would call them. */
public final class GuidedAccess {
    private GuidedAccess() {
    }

    public static void addPack(GuidedServiceImpl guided, PromptPack pack, Map<String, Object> props) {
        guided.addPromptPack(pack, props);
    }

    public static void addAnalyzer(GuidedServiceImpl guided, MoodAnalyzer analyzer, Map<String, Object> props) {
        guided.addMoodAnalyzer(analyzer, props);
    }

    public static void addListener(GuidedServiceImpl guided, GuidedSessionListener listener) {
        guided.addGuidedSessionListener(ServiceObjects.of(listener));
    }

    public static void deactivate(GuidedServiceImpl guided) {
        guided.deactivate();
    }
}
