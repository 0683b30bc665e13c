package io.pauz.rest.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
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
 * <p>
 * Answers sent before the body was read (413, 401, 404, ...) must not leave the keep-alive connection in
 * doubt: Jetty closes a connection whose request body it cannot consume, and once the answer is committed
 * it can no longer say so, so the client's next request on that connection fails. Hence the response side:
 * a small unread rest is drained (the connection stays usable), otherwise the answer carries
 * {@code Connection: close} (Jetty honours it and the client knows to reconnect). A refused body of at most
 * {@value #SWALLOW_BYTES} bytes is read and discarded before the 413 goes out (as Tomcat's maxSwallowSize does):
 * closing on a client that is still sending makes TCP reset the connection, and the client never sees the 413.
 */
@Component(service = { ContainerRequestFilter.class, ContainerResponseFilter.class }, configurationPid = RestConfig.PID)
@Designate(ocd = RestConfig.class)
@JakartarsExtension
@JakartarsName("pauz.limits")
@PreMatching
public class RequestLimitFilter implements ContainerRequestFilter, ContainerResponseFilter {
    /** Request property: the {@link CappedInputStream} of this request's body, or {@link #REFUSED}. */
    static final String BODY = "io.pauz.rest.body";
    private static final Object REFUSED = new Object();
    private static final Object NONE = new Object();
    /** Most unread body bytes read and discarded to keep a connection open; more closes the connection. */
    static final long DRAIN_BYTES = 64 * 1024;
    static final long SWALLOW_BYTES = 4 * 1024 * 1024;

    private volatile RestConfig config;

    @Activate
    @Modified
    void configure(RestConfig config) {
        this.config = config;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!request.hasEntity()) {
            request.setProperty(BODY, NONE);
            return;
        }
        long cap = limitFor(request.getMediaType());
        int declared = request.getLength();
        if (declared > cap) {
            request.setProperty(BODY, REFUSED);
            throw tooLarge(cap);
        }
        CappedInputStream capped = new CappedInputStream(request.getEntityStream(), cap);
        request.setProperty(BODY, capped);
        request.setEntityStream(capped);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object body = request.getProperty(BODY);
        boolean usable;
        if (body instanceof CappedInputStream capped) {
            usable = capped.drain(DRAIN_BYTES);
        } else if (body == REFUSED) {
            usable = request.getLength() <= SWALLOW_BYTES && drainUnseen(request, SWALLOW_BYTES);
        } else if (body == null && (request.getHeaderString(HttpHeaders.CONTENT_LENGTH) != null
                || request.getHeaderString("Transfer-Encoding") != null)) {
            // Answered before this filter saw the request (another pre-matching filter aborted it).
            usable = drainUnseen(request, DRAIN_BYTES);
        } else {
            usable = true;
        }
        if (!usable) {
            response.getHeaders().putSingle("Connection", "close");
        }
    }

    private static boolean drainUnseen(ContainerRequestContext request, long limit) {
        InputStream in;
        try {
            in = request.getEntityStream();
        } catch (IllegalStateException closed) {
            return true; // Jersey read the entity and closed its stream: nothing left
        }
        return drain(in, limit);
    }

    /** Reads {@code in} to its end if that takes at most {@code limit} bytes; false if it has more or fails. */
    static boolean drain(InputStream in, long limit) {
        byte[] buffer = new byte[8192];
        long left = limit;
        try {
            while (true) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left + 1));
                if (n < 0) {
                    return true;
                }
                left -= n;
                if (left < 0) {
                    return false;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
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
        private boolean ended;
        private boolean overCap;

        CappedInputStream(InputStream in, long cap) {
            super(in);
            this.cap = cap;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            } else {
                ended = true;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            if (n > 0) {
                count(n);
            } else if (n < 0) {
                ended = true;
            }
            return n;
        }

        /** True when the body has been read to its end, or its rest (at most {@code limit} bytes) now has. */
        boolean drain(long limit) {
            if (ended) {
                return true;
            }
            // Past the cap: swallow a moderate rest so the client, still sending, gets to read the 413.
            return overCap ? read <= SWALLOW_BYTES && RequestLimitFilter.drain(in, SWALLOW_BYTES - read)
                    : RequestLimitFilter.drain(in, limit);
        }

        private void count(int n) {
            read += n;
            if (read > cap) {
                overCap = true;
                throw tooLarge(cap);
            }
        }
    }
}
