package dev.plateguard.server.passages;

import java.time.Instant;
import java.util.List;

/**
 * One vehicle's passage through a site: its reads by the site's cameras within the window (docs/passages.md).
 *
 * @param plate       the best read's normalised plate
 * @param plateKey    the look-alike key all its reads share (confusable characters folded)
 * @param firstAt     the earliest capture time of its reads (UTC)
 * @param lastAt      the latest capture time of its reads (UTC)
 * @param bestReadId  the read chosen as best: highest plate confidence, then most evidence, then earliest
 * @param cameraCount distinct cameras among its reads
 * @param readIds     its reads, in capture order
 */
public record Passage(long id, long siteId, String plate, String plateKey, String plateCountry, Instant firstAt,
                      Instant lastAt, long bestReadId, int cameraCount, List<Long> readIds) {
}
