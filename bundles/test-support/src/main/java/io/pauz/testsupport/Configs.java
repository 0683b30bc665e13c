package io.pauz.testsupport;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Component property types (config annotations) for unit tests, built as DS would from a configuration. */
public final class Configs {
    private Configs() {
    }

    /**
     * An instance of {@code type} answering from {@code values} (keys as in the PID: {@code a.b} for method
     * {@code a_b}), else the method's declared default, else what DS gives for a missing property (null, or zero
     * and false for primitives).
     */
    @SuppressWarnings("unchecked")
    public static <A> A of(Class<A> type, Map<String, ?> values) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
            String key = method.getName().replace('_', '.');
            if (values.containsKey(key)) {
                return values.get(key);
            }
            switch (method.getName()) {
                case "annotationType":
                    return type;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return type.getSimpleName() + values;
                default:
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    return missing(method.getReturnType());
            }
        });
    }

    private static Object missing(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == char.class) {
            return '\0';
        }
        return java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(type, 1), 0);
    }
}
