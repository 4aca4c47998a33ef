package dev.plateguard.server.violations;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.plateguard.server.PlateGuardProperties;

/**
 * Average speed over sections (section control). Used by {@link AverageSpeedRule} for every read with a plate,
 * inside the detection batch's transaction: each read taken at either end of a section is stored as a sighting in
 * {@code section_sighting}, then paired with a pending sighting of the same plate at the other end, whichever of
 * the two arrived first. All state is in the database and commits with the watermark, so pending first sightings
 * survive a restart and reads that arrive late or out of order (store and forward) still pair.
 *
 * <p>Pairing: an exit sighting takes the <em>latest</em> pending entry before it; an entry sighting takes the
 * <em>earliest</em> pending exit after it. Pairs further apart than {@code max-travel} (default 2 h) are not made.
 * Each sighting is paired once ({@code section_pair} has unique keys on both reads).
 */
@Component
class SectionMatcher {

    static final String RULE = "average_speed";
    private static final BigDecimal MS_PER_HOUR_PER_KM = BigDecimal.valueOf(3600); // m/ms → km/h: × 3600

    private final JdbcClient jdbc;
    private final Duration maxTravel;

    SectionMatcher(JdbcClient jdbc, PlateGuardProperties properties) {
        this.jdbc = jdbc;
        this.maxTravel = properties.violations().sectionMaxTravel();
    }

    /** Key of the (rule, read) links of one section's violations: a read may end one section and start the next. */
    static String linkRule(long sectionId) {
        return RULE + "/" + sectionId;
    }

    /** A pair made from this read; {@code finding} is empty when the average speed is within limit + tolerance. */
    record Match(long sectionId, long pairId, long entryReadId, ReadFacts exit, Optional<Finding> finding) {
    }

    record Section(long id, String name, long fromCameraId, long toCameraId, int distanceMetres, int limitKmh) {
    }

    /** Every section, under each of its two cameras (a camera may end one section and start the next). */
    Map<Long, List<Section>> byCamera() {
        Map<Long, List<Section>> result = new java.util.HashMap<>();
        jdbc.sql("select id, name, from_camera_id, to_camera_id, distance_metres, limit_kmh from road_section order by id")
                .query((rs, n) -> new Section(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getInt(5),
                        rs.getInt(6)))
                .list()
                .forEach(section -> {
                    result.computeIfAbsent(section.fromCameraId(), k -> new ArrayList<>()).add(section);
                    if (section.toCameraId() != section.fromCameraId()) {
                        result.computeIfAbsent(section.toCameraId(), k -> new ArrayList<>()).add(section);
                    }
                });
        return result;
    }

    private record Sighting(long readId, Instant capturedAt) {
    }

    /**
     * Stores the read's sightings and returns the pairs they completed (at most one per section end).
     *
     * @param sections the sections that start or end at the read's camera ({@link #byCamera()})
     */
    List<Match> onRead(ReadFacts read, List<Section> sections, Catalogue catalogue) {
        List<Match> matches = new ArrayList<>();
        for (Section section : sections) {
            boolean entry = section.fromCameraId() == read.cameraId();
            jdbc.sql("""
                    insert into section_sighting (section_id, plate, camera_end, read_id, captured_at)
                    values (?, ?, ?, ?, ?) on conflict do nothing""")
                    .params(section.id(), read.plate(), entry ? "entry" : "exit", read.readId(),
                            Timestamp.from(read.capturedAt()))
                    .update();
            boolean pending = jdbc.sql("""
                    select paired_read_id is null from section_sighting
                    where section_id = ? and read_id = ? and camera_end = ?""")
                    .params(section.id(), read.readId(), entry ? "entry" : "exit").query(Boolean.class).single();
            if (!pending) {
                continue; // evaluated before (a watermark reset): paired already
            }
            Instant at = read.capturedAt();
            Optional<Sighting> other = entry
                    ? jdbc.sql("""
                            select read_id, captured_at from section_sighting
                            where section_id = ? and plate = ? and camera_end = 'exit' and paired_read_id is null
                              and captured_at > ? and captured_at <= ?
                            order by captured_at, read_id limit 1 for update""")
                            .params(section.id(), read.plate(), Timestamp.from(at), Timestamp.from(at.plus(maxTravel)))
                            .query((rs, n) -> new Sighting(rs.getLong(1), rs.getTimestamp(2).toInstant())).optional()
                    : jdbc.sql("""
                            select read_id, captured_at from section_sighting
                            where section_id = ? and plate = ? and camera_end = 'entry' and paired_read_id is null
                              and captured_at < ? and captured_at >= ?
                            order by captured_at desc, read_id desc limit 1 for update""")
                            .params(section.id(), read.plate(), Timestamp.from(at), Timestamp.from(at.minus(maxTravel)))
                            .query((rs, n) -> new Sighting(rs.getLong(1), rs.getTimestamp(2).toInstant())).optional();
            if (other.isEmpty()) {
                continue; // waits, in the table, for the other end
            }
            Sighting entrySighting = entry ? new Sighting(read.readId(), at) : other.get();
            Sighting exitSighting = entry ? other.get() : new Sighting(read.readId(), at);
            matches.add(pair(section, entrySighting, exitSighting, entry ? exitFacts(exitSighting.readId()) : read,
                    catalogue));
        }
        return matches;
    }

    private Match pair(Section section, Sighting entry, Sighting exit, ReadFacts exitRead, Catalogue catalogue) {
        jdbc.sql("update section_sighting set paired_read_id = ? where section_id = ? and read_id = ? and camera_end = 'entry'")
                .params(exit.readId(), section.id(), entry.readId()).update();
        jdbc.sql("update section_sighting set paired_read_id = ? where section_id = ? and read_id = ? and camera_end = 'exit'")
                .params(entry.readId(), section.id(), exit.readId()).update();
        long millis = Duration.between(entry.capturedAt(), exit.capturedAt()).toMillis();
        // Rounded down to 0.01 km/h: any rounding is in the driver's favour.
        BigDecimal average = BigDecimal.valueOf(section.distanceMetres()).multiply(MS_PER_HOUR_PER_KM)
                .divide(BigDecimal.valueOf(millis), 2, RoundingMode.DOWN);
        long pairId = jdbc.sql("""
                insert into section_pair (section_id, entry_read_id, exit_read_id, entry_at, exit_at, average_kmh)
                values (?, ?, ?, ?, ?, ?) returning id""")
                .params(section.id(), entry.readId(), exit.readId(), Timestamp.from(entry.capturedAt()),
                        Timestamp.from(exit.capturedAt()), average)
                .query(Long.class).single();
        BigDecimal over = average.subtract(BigDecimal.valueOf(section.limitKmh())).subtract(catalogue.toleranceKmh());
        if (over.signum() <= 0) {
            return new Match(section.id(), pairId, entry.readId(), exitRead, Optional.empty());
        }
        Catalogue.SpeedTier tier = catalogue.tierFor(over);
        Map<String, Object> measured = new LinkedHashMap<>();
        measured.put("sectionId", section.id());
        measured.put("sectionName", section.name());
        measured.put("distanceMetres", section.distanceMetres());
        measured.put("entryReadId", entry.readId());
        measured.put("entryCameraId", section.fromCameraId());
        measured.put("entryAt", entry.capturedAt().toString());
        measured.put("exitAt", exit.capturedAt().toString());
        measured.put("seconds", Catalogue.plain(BigDecimal.valueOf(millis, 3)));
        measured.put("averageKmh", Catalogue.plain(average));
        measured.put("limitKmh", section.limitKmh());
        measured.put("toleranceKmh", catalogue.toleranceKmh());
        measured.put("overKmh", Catalogue.plain(over));
        measured.put("tier", catalogue.tierNumber(tier));
        return new Match(section.id(), pairId, entry.readId(), exitRead, Optional.of(
                new Finding("speeding", tier.article(), tier.fineBrv(), ViolationState.DETECTED, measured, false)));
    }

    /** Points the pair at the violation it gave (the ledger links the entry read as evidence). */
    void attach(Match match, long violationId) {
        jdbc.sql("update section_pair set violation_id = ? where id = ?").params(violationId, match.pairId()).update();
    }

    /** What the pipeline needs of an exit read that arrived before its entry read: camera, site, time, plate. */
    private ReadFacts exitFacts(long readId) {
        return jdbc.sql("""
                select r.id, r.camera_id, r.site_id, c.kind, c.speed_limit_kmh, s.timezone, r.captured_at,
                       r.plate_normalized, r.plate_country
                from plate_read r join camera c on c.id = r.camera_id join site s on s.id = r.site_id where r.id = ?""")
                .param(readId)
                .query((rs, n) -> {
                    ZoneId zone;
                    try {
                        zone = ZoneId.of(rs.getString("timezone"));
                    } catch (RuntimeException e) {
                        zone = ZoneId.of("Asia/Tashkent");
                    }
                    return new ReadFacts(rs.getLong("id"), rs.getLong("camera_id"), rs.getLong("site_id"),
                            rs.getString("kind"), (Integer) rs.getObject("speed_limit_kmh"), zone,
                            rs.getTimestamp("captured_at").toInstant(), rs.getString("plate_normalized"),
                            rs.getString("plate_country"), null, null, null, 0, 0, null, null, null, null, null, null);
                })
                .single();
    }
}
