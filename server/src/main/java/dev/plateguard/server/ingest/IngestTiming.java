package dev.plateguard.server.ingest;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.micrometer.core.instrument.Timer;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Times every ingest request from before authentication to the answer, and counts how it ended
 * ({@link IngestMetrics}); a single read's outcome is its status (201 stored, 200 a retry, 4xx refused). Batches and
 * vendor pushes count their reads where they are told apart. Nothing here reads the body or logs the path (a vendor
 * camera's key may still be in it).
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 20)
class IngestTiming extends OncePerRequestFilter {

    private static final String READS = "/api/v1/reads";
    private static final String BATCH = "/api/v1/reads/batch";
    private static final String RECEIVERS = "/api/v1/receivers/";

    private final IngestMetrics metrics;

    IngestTiming(IngestMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return channel(request) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        IngestMetrics.Channel channel = channel(request);
        Timer.Sample sample = metrics.start();
        int status = 500;
        try {
            chain.doFilter(request, response);
            status = response.getStatus();
        } finally {
            metrics.finished(channel, sample, status);
            if (channel == IngestMetrics.Channel.SINGLE) {
                if (status == 201) {
                    metrics.counted(channel, IngestOutcome.Status.CREATED);
                } else if (status == 200) {
                    metrics.counted(channel, IngestOutcome.Status.DUPLICATE);
                } else if (IngestMetrics.Result.of(status) == IngestMetrics.Result.REJECTED) {
                    metrics.rejected(channel, 1);
                }
            }
        }
    }

    private static IngestMetrics.Channel channel(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())) {
            return null;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals(READS) ? IngestMetrics.Channel.SINGLE : path.equals(BATCH) ? IngestMetrics.Channel.BATCH
                : path.startsWith(RECEIVERS) ? IngestMetrics.Channel.RECEIVER : null;
    }
}
