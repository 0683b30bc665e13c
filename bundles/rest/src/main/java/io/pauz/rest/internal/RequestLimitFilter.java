package io.pauz.rest.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.metatype.annotations.Designate;

import io.pauz.api.rest.ApiException;
import io.pauz.api.rest.ErrorCodes;

/**
 * Caps request bodies: JSON and text at {@code max.json.bytes}, anything else at {@code max.binary.bytes}.
 * A declared Content-Length over the cap is refused before reading; a chunked body is cut off when it
 * passes the cap, so a resource never buffers more than the cap.
 */
@Component(service = ContainerRequestFilter.class, configurationPid = RestConfig.PID)
@Designate(ocd = RestConfig.class)
@JakartarsExtension
@JakartarsName("pauz.limits")
@PreMatching
public class RequestLimitFilter implements ContainerRequestFilter {
    private volatile RestConfig config;

    @Activate
    @Modified
    void configure(RestConfig config) {
        this.config = config;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!request.hasEntity()) {
            return;
        }
        long cap = limitFor(request.getMediaType());
        int declared = request.getLength();
        if (declared > cap) {
            throw tooLarge(cap);
        }
        request.setEntityStream(new CappedInputStream(request.getEntityStream(), cap));
    }

    private long limitFor(MediaType type) {
        RestConfig c = config;
        if (type == null) {
            return c.max_json_bytes();
        }
        boolean textual = type.getType().equals("text") || type.getSubtype().equals("json")
                || type.getSubtype().endsWith("+json") || type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
        return textual ? c.max_json_bytes() : c.max_binary_bytes();
    }

    static ApiException tooLarge(long cap) {
        return new ApiException(413, ErrorCodes.TOO_LARGE, "request body is larger than " + cap + " bytes");
    }

    private static final class CappedInputStream extends FilterInputStream {
        private final long cap;
        private long read;

        CappedInputStream(InputStream in, long cap) {
            super(in);
            this.cap = cap;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > cap) {
                throw tooLarge(cap);
            }
        }
    }
}
