package dev.plateguard.server.http;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Storage trouble met before any controller, where {@link ProblemResponses} does not reach: the security filters
 * look up a device key or a session in the database, so while it restarts every device request failed there with
 * 500. First of all filters, this answers those as a controller would: 503 with Retry-After, or 507.
 */
@Component
class StorageTroubleFilter extends OncePerRequestFilter implements Ordered {

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException failure) {
            Optional<StorageTrouble> trouble = StorageTrouble.of(failure);
            if (trouble.isEmpty() || response.isCommitted()) {
                throw failure;
            }
            ProblemResponses.logStorage(trouble.get(), failure);
            response.resetBuffer(); // headers stay: the security headers written so far
            // Outside the security chain, whose header writer may not have run: the two that matter for a problem.
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            if (trouble.get() == StorageTrouble.UNAVAILABLE) {
                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(StorageTrouble.RETRY_AFTER_SECONDS));
            }
            if (ProblemResponses.isApi(request)) {
                ProblemWriter.status(response, trouble.get().status, trouble.get().type, trouble.get().detail);
            } else {
                response.sendError(trouble.get().status.value()); // the error page, as for a controller's failure
            }
        }
    }
}
