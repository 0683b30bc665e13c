package io.pauz.testsupport;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

/** {@link ComponentServiceObjects} of one singleton, as DS hands them to a bind method that takes them. */
public final class ServiceObjects {
    private ServiceObjects() {
    }

    public static <S> ComponentServiceObjects<S> of(S service) {
        return new ComponentServiceObjects<>() {
            @Override
            public S getService() {
                return service;
            }

            @Override
            public void ungetService(S instance) {
                // a singleton lives as long as the test
            }

            @Override
            public ServiceReference<S> getServiceReference() {
                throw new UnsupportedOperationException("no framework in a unit test");
            }
        };
    }
}
