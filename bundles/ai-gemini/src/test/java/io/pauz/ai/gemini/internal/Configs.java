package io.pauz.ai.gemini.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Component property types for tests: a proxy answering from a map, else the attribute's default. */
final class Configs {
    private Configs() {
    }

    @SuppressWarnings("unchecked")
    static <A> A of(Class<A> type, Map<String, Object> values) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
            String key = method.getName().replace('_', '.');
            if (values.containsKey(key)) {
                return values.get(key);
            }
            return method.getDefaultValue();
        });
    }
}
