package dev.starling.node.api;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * Caps request bodies before any handler sees them. A body that announces a larger length is
 * refused unread; one that announces none (chunked) is read up to the cap and refused as soon as
 * it passes it, so its size never reaches the heap. Streaming uploads, which enforce their own
 * limits while they store, are let through.
 */
final class BodyLimit implements Filter {
    private final long cap;
    private final Predicate<HttpServletRequest> streams;

    BodyLimit(long cap, Predicate<HttpServletRequest> streams) {
        this.cap = cap;
        this.streams = streams;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        if (streams.test(http)) {
            chain.doFilter(request, response);
            return;
        }
        if (http.getContentLengthLong() > cap) {
            refuse((HttpServletResponse) response);
            return;
        }
        byte[] body = http.getInputStream().readNBytes((int) cap + 1);
        if (body.length > cap) {
            refuse((HttpServletResponse) response);
            return;
        }
        chain.doFilter(new Buffered(http, body), response);
    }

    private void refuse(HttpServletResponse response) throws IOException {
        response.setStatus(413);
        response.setContentType("application/json");
        response.setHeader("Connection", "close");
        response.getOutputStream()
                .write(("{\"error\":\"request body larger than " + cap + " bytes\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static final class Buffered extends HttpServletRequestWrapper {
        private final byte[] body;

        Buffered(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already buffered");
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
