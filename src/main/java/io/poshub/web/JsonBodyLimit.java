package io.poshub.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A JSON body is read whole into memory, so its size is bounded: over {@code poshub.http.max-json} (1 MB) it is a 413
 * problem ({@code PAYLOAD_TOO_LARGE}) — at once when the request says its length, and as soon as a chunked one passes
 * the limit. Files (multipart, CSV) stream and have limits of their own.
 */
@Component
class JsonBodyLimit extends OncePerRequestFilter {

    /** What a body past the limit throws while it is read; the problem handler answers it with 413. */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("the JSON body is over " + limit + " bytes (poshub.http.max-json)");
        }
    }

    private final long limit;
    private final ObjectMapper json;

    JsonBodyLimit(@Value("${poshub.http.max-json:1MB}") DataSize limit, ObjectMapper json) {
        this.limit = limit.toBytes();
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            return true;
        }
        try {
            MediaType media = MediaType.parseMediaType(type);
            return !(media.isCompatibleWith(MediaType.APPLICATION_JSON) || media.getSubtype().endsWith("+json"));
        } catch (RuntimeException e) {
            return true;
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            ProblemHandler.write(json, response, HttpStatus.PAYLOAD_TOO_LARGE, "Payload too large", new TooLarge(limit).getMessage());
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            private ServletInputStream capped;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (capped == null) {
                    capped = new Capped(super.getInputStream(), limit);
                }
                return capped;
            }
        }, response);
    }

    /** The request's body, failing with {@link TooLarge} past the limit. */
    private static final class Capped extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        Capped(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0 && ++read > limit) {
                throw new TooLarge(limit);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0 && (read += n) > limit) {
                throw new TooLarge(limit);
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
