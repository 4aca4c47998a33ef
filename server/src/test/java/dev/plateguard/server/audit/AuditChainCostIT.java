package dev.plateguard.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.plateguard.server.IntegrationTest;

/**
 * What the chain costs: the same number of audit inserts from 8 threads, as the plain INSERT of before the chain
 * and through the chain (lock, head, insert). Small by default; the figures in docs/benchmarks.md come from
 * {@code -Dplateguard.audit-bench.entries=20000}.
 */
class AuditChainCostIT extends IntegrationTest {

    private static final int THREADS = 8;

    @Autowired
    @Qualifier("databaseOwner")
    DataSource shared;

    @Test
    void chainedInsertsFromEightThreadsStayIntact() throws Exception {
        int entries = Integer.getInteger("plateguard.audit-bench.entries", 800);
        try (var plain = new AuditChainDatabase(shared, JdbcClient.create(shared), "latest");
             var chained = new AuditChainDatabase(shared, JdbcClient.create(shared), "latest")) {
            long plainMs = timed(entries, i -> plain.jdbc.sql("""
                    insert into audit_event (actor_type, actor, action, target, outcome, client_ip, details)
                    values ('user', ?, 'bench', 'target', 'success', '127.0.0.1', ?::jsonb)""")
                    .params("u" + i, "{\"i\": " + i + "}").update());
            long chainedMs = timed(entries, i -> chained.writer.append("user", "u" + i, "bench", "target", "success",
                    "127.0.0.1", "{\"i\": " + i + "}"));
            long verifyStart = System.nanoTime();
            AuditVerifier.Verification result = chained.verify();
            long verifyMs = (System.nanoTime() - verifyStart) / 1_000_000;
            System.out.printf("audit-chain-bench: %d inserts from %d threads: plain %d ms (%.0f/s), chained %d ms (%.0f/s); "
                            + "verify %d ms%n", entries, THREADS, plainMs, entries * 1000.0 / plainMs, chainedMs,
                    entries * 1000.0 / chainedMs, verifyMs);
            assertThat(result.intact()).as(String.valueOf(result)).isTrue();
            assertThat(result.entries()).isEqualTo(entries);
            assertThat(plain.jdbc.sql("select count(*) from audit_event").query(Long.class).single()).isEqualTo(entries);
        }
    }

    private interface Insert {
        void run(int i);
    }

    private static long timed(int entries, Insert insert) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = thread; i < entries; i += THREADS) {
                    insert.run(i);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return Math.max(1, (System.nanoTime() - start) / 1_000_000);
    }
}
