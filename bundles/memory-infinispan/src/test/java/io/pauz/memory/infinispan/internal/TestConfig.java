package io.pauz.memory.infinispan.internal;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/** A {@link MemoryConfig} as Declarative Services would build it from configuration properties. */
final class TestConfig {
    private TestConfig() {
    }

    /** Property names as in the .cfg file (cluster.name, default.lifespan, ...), then values. */
    static MemoryConfig of(Object... keysAndValues) {
        Map<String, Object> props = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return (MemoryConfig) Proxy.newProxyInstance(MemoryConfig.class.getClassLoader(),
                new Class<?>[] { MemoryConfig.class }, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "annotationType":
                            return MemoryConfig.class;
                        case "toString":
                            return "MemoryConfig" + props;
                        case "hashCode":
                            return props.hashCode();
                        case "equals":
                            return proxy == args[0];
                        default:
                            String key = method.getName().replace('_', '.');
                            Object v = props.get(key);
                            return v == null ? method.getDefaultValue() : convert(v, method);
                    }
                });
    }

    private static Object convert(Object v, Method m) {
        Class<?> t = m.getReturnType();
        if (t == int.class) {
            return Integer.valueOf(v.toString());
        }
        if (t == long.class) {
            return Long.valueOf(v.toString());
        }
        if (t == String[].class) {
            return v instanceof String[] a ? a : new String[] { v.toString() };
        }
        return v.toString();
    }

    /** A TCP port free on loopback now (and its +100 failure-detection neighbour too). */
    static int freePort() throws IOException {
        for (int i = 0; i < 50; i++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            if (port > 1024 && port < 65000) {
                try (ServerSocket fd = new ServerSocket(port + 100, 1, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException busy) {
                    // try another
                }
            }
        }
        throw new IOException("no free port pair on loopback");
    }
}
