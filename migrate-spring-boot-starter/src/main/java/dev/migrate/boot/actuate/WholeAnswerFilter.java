package dev.migrate.boot.actuate;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Sends the answer of a {@code POST} to the {@code migrations} endpoint whole, with its {@code Content-Length}, before the
 * request is done with: a write that application shutdown cancels answers 503 while the server shuts down gracefully,
 * and graceful shutdown takes a request for done once the servlet returns. An answer streamed in chunks (as Jackson
 * writes one) still lacked its last chunk then, and the caller saw the connection close mid-answer instead of the
 * cancel. Registered on the endpoint's paths only.
 */
public final class WholeAnswerFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper whole = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, whole);
        whole.copyBodyToResponse();
        response.flushBuffer();
    }
}
