package dev.plateguard.server.alerts;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.UserPrincipal;

/**
 * An alert as the API, the pages and the live stream show it: the hit (plate, read, list, entry and why it is on the
 * list), where and when, how often it repeated within the grouping window, and what people did with it.
 *
 * @param plate      the read's plate, normalised (what the camera or recognition read, not the entry's pattern)
 * @param readId     the read that raised it; {@code lastReadId} the latest repeat ({@code count} reads in all)
 * @param pattern    the entry's pattern as stored, with {@code match} its kind
 * @param reason     the entry's reason category ({@code STOLEN}, ...), {@code entryNote} its free text
 * @param thumbnail  SHA-256 of the raising read's first image (served by {@code /evidence/{sha256}}), or null
 * @param state      {@code new}, {@code acknowledged} or {@code escalated}
 * @param changeSeq  moves on with every change of the alert: the live stream's event id
 * @param passage    the passage of the raising read (its reads by the site's cameras within seconds, and the best
 *                   read among them), or null while it is not grouped yet (the live stream sends alerts before)
 */
public record Alert(long id, String plate, long readId, long lastReadId, int count, long hotlistId, String hotlist,
                    boolean covert, long entryId, String pattern, String match, int priority, String reason,
                    String entryNote, long siteId, String site, long cameraId, String camera, Instant capturedAt,
                    Instant lastCapturedAt, String thumbnail, String state, Instant raisedAt, String acknowledgedBy,
                    Instant acknowledgedAt, String acknowledgeNote, String escalatedBy, Instant escalatedAt,
                    String escalateNote, long changeSeq, Passage passage, @JsonIgnore long hotlistOwnerId,
                    @JsonIgnore String siteRegion) {

    /** The raising read's passage: {@code reads} reads by {@code cameras} cameras, the best of them {@code bestReadId}. */
    public record Passage(long id, int reads, int cameras, long bestReadId) {
    }

    Alert withPassage(Passage of) {
        return new Alert(id, plate, readId, lastReadId, count, hotlistId, hotlist, covert, entryId, pattern, match,
                priority, reason, entryNote, siteId, site, cameraId, camera, capturedAt, lastCapturedAt, thumbnail, state,
                raisedAt, acknowledgedBy, acknowledgedAt, acknowledgeNote, escalatedBy, escalatedAt, escalateNote,
                changeSeq, of, hotlistOwnerId, siteRegion);
    }

    /**
     * Whether {@code me} may see it: its site in their scope, and its list shared, or covert and theirs (auditors
     * see covert lists' alerts too). The SQL of {@link AlertQueries} says the same for queries.
     */
    boolean visibleTo(UserPrincipal me) {
        return me.scope().covers(siteId, siteRegion) && (!covert || hotlistOwnerId == me.userId() || me.has(Role.AUDITOR));
    }
}
