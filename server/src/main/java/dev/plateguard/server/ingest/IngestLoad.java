package dev.plateguard.server.ingest;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * A cap on the bytes of all ingest requests being received at once. Uploads are read into memory and spooled to
 * disk; without a cap, a burst of large uploads (or a few slow clients) could exhaust both. A request that does
 * not fit waits outside: it is refused before its body is read, with a hint to retry.
 */
@Component
public class IngestLoad {

    /**
     * Ingest load settings ({@code plateguard.ingest-load.*}).
     *
     * @param maxBytesInFlight bytes of ingest request bodies being received at once, all cameras together; a single
     *                         request larger than this is still let in when nothing else is in flight
     * @param retryAfter       the wait suggested to a camera whose upload did not fit
     */
    @ConfigurationProperties("plateguard.ingest-load")
    public record Settings(@DefaultValue("256MB") DataSize maxBytesInFlight, @DefaultValue("2s") Duration retryAfter) {

        public Settings {
            if (maxBytesInFlight.toBytes() < 1) {
                throw new IllegalArgumentException("plateguard.ingest-load.max-bytes-in-flight must be positive");
            }
        }
    }

    /** Bytes held by one request until it is closed. */
    public final class Reservation implements AutoCloseable {
        private final long bytes;
        private boolean closed;

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                inFlight.addAndGet(-bytes);
            }
        }
    }

    private final AtomicLong inFlight = new AtomicLong();
    private final Settings settings;

    IngestLoad(Settings settings) {
        this.settings = settings;
    }

    /** Reserves {@code bytes}, or answers empty when they do not fit beside the requests already in flight. */
    public Optional<Reservation> tryReserve(long bytes) {
        long want = Math.max(0, bytes);
        long cap = settings.maxBytesInFlight().toBytes();
        while (true) {
            long now = inFlight.get();
            if (now > 0 && now + want > cap) {
                return Optional.empty();
            }
            if (inFlight.compareAndSet(now, now + want)) {
                return Optional.of(new Reservation(want));
            }
        }
    }

    public long inFlightBytes() {
        return inFlight.get();
    }

    public Duration retryAfter() {
        return settings.retryAfter();
    }
}
