package dev.plateguard.server.passages;

import java.util.List;

/**
 * Published after a grouping batch commits, once per read it put into a passage (docs/passages.md). A hint for
 * later stages (alerts: one alert per passage), never the record: {@link Passages#of} answers the same from the
 * tables. Listeners run on the grouping thread and must be quick (or hand the work off).
 *
 * @param readId    the read grouped
 * @param passageId its passage now
 * @param opened    whether the read opened the passage (no earlier read of it was grouped)
 * @param merged    passages that this read bridged and that were merged into {@code passageId}, which are gone now
 *                  (a late read captured between two); usually empty
 */
public record ReadGrouped(long readId, long passageId, boolean opened, List<Long> merged) {
}
