package dev.plateguard.server.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.plateguard.server.ingest.IngestSupport;

/**
 * The orphan sweeper against the real database: a file no read refers to goes once older than the grace period;
 * a referenced file stays however old, and so does an unreferenced one still inside the grace period (its read
 * may be committing right now).
 */
class OrphanSweeperIT extends IngestSupport {

    @Autowired
    OrphanSweeper sweeper;

    @Autowired
    EvidenceStore store;

    @Test
    void onlyOldUnreferencedFilesAreRemoved() throws Exception {
        var device = client().device(admin());
        byte[] referenced = jpeg(320, 120);
        var posted = postRead(device, new dev.plateguard.server.TestClient.Multipart()
                .json("metadata", minimalMetadata(eventId(), aMinuteAgo(), uniquePlate())).file("image", "i.jpg", "image/jpeg", referenced));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
        byte[] oldOrphan = jpeg(320, 120);
        byte[] youngOrphan = jpeg(320, 120);
        store.put(ContentHash.of(oldOrphan), oldOrphan);
        store.put(ContentHash.of(youngOrphan), youngOrphan);
        FileTime twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        Files.setLastModifiedTime(path(referenced), twoHoursAgo);
        Files.setLastModifiedTime(path(oldOrphan), twoHoursAgo);

        sweeper.sweep();

        assertThat(path(oldOrphan)).doesNotExist();
        assertThat(path(referenced)).exists();
        assertThat(path(youngOrphan)).exists();
        assertThat(client().get("/api/v1/evidence/" + ContentHash.of(referenced), person("OPERATOR").token()).status())
                .isEqualTo(200);
    }

    private static Path path(byte[] bytes) {
        return evidencePath(ContentHash.of(bytes));
    }
}
