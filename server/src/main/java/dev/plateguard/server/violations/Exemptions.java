package dev.plateguard.server.violations;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.plateguard.plates.InvalidPlateTextException;
import dev.plateguard.plates.PlateText;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.SafeText;

/**
 * The managed exemption list (emergency, service and diplomatic vehicles) and the one check every rule's finding
 * passes through in {@link ViolationDetector}: a plate exempt at the offence time gets no violation, and the skip is
 * recorded in {@code exemption_skip} (one row per rule and read).
 */
@Component
class Exemptions {

    private static final Logger log = LoggerFactory.getLogger(Exemptions.class);
    static final Set<String> KINDS = Set.of("emergency", "service", "diplomatic");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    private final JdbcClient jdbc;

    Exemptions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An exemption as the API shows it; {@code skipped} counts the findings it suppressed. */
    record Exemption(long id, String country, String plate, String kind, Instant validFrom, Instant validUntil,
                     String note, Instant createdAt, String createdBy, long skipped) {
    }

    /** What an admin posts. Times are ISO 8601 with an offset; {@code validUntil} absent means open-ended. */
    record Form(String country, String plate, String kind, String validFrom, String validUntil, String note) {

        /** Every invalid field; the normalised plate and parsed times are returned through {@link Valid}. */
        Valid validate(List<FieldProblem> errors) {
            if (country == null || !COUNTRY.matcher(country).matches()) {
                errors.add(new FieldProblem("country", "is required: an ISO 3166-1 alpha-2 code such as UZ"));
            }
            String normalized = null;
            if (plate == null || plate.isBlank()) {
                errors.add(new FieldProblem("plate", "is required"));
            } else {
                try {
                    normalized = PlateText.normalize(plate);
                } catch (InvalidPlateTextException e) {
                    errors.add(new FieldProblem("plate", "is not plate text (A-Z, 0-9, at most 16)"));
                }
            }
            if (kind == null || !KINDS.contains(kind)) {
                errors.add(new FieldProblem("kind", "is required: emergency, service or diplomatic"));
            }
            Instant from = time("validFrom", validFrom, true, errors);
            Instant until = time("validUntil", validUntil, false, errors);
            if (from != null && until != null && !until.isAfter(from)) {
                errors.add(new FieldProblem("validUntil", "must be after validFrom"));
            }
            SafeText.check("note", note, 500, errors);
            return new Valid(country, normalized, kind, from, until, note);
        }

        private static Instant time(String field, String value, boolean required, List<FieldProblem> errors) {
            if (value == null) {
                if (required) {
                    errors.add(new FieldProblem(field, "is required (ISO 8601 with offset, e.g. 2026-01-01T00:00:00+05:00)"));
                }
                return null;
            }
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                errors.add(new FieldProblem(field, "must be ISO 8601 with an offset, e.g. 2026-01-01T00:00:00+05:00"));
                return null;
            }
        }
    }

    record Valid(String country, String plate, String kind, Instant validFrom, Instant validUntil, String note) {
    }

    Exemption create(Valid v, String actor) {
        long id = jdbc.sql("""
                insert into exemption (country, plate, kind, valid_from, valid_until, note, created_by)
                values (?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(v.country(), v.plate(), v.kind(), Timestamp.from(v.validFrom()),
                        v.validUntil() == null ? null : Timestamp.from(v.validUntil()), v.note(), actor)
                .query(Long.class).single();
        return find(id).orElseThrow();
    }

    /** Withdraws an exemption (the row stays, marked deleted). False when there is no such active exemption. */
    boolean delete(long id, String actor) {
        return jdbc.sql("update exemption set deleted_at = now(), deleted_by = ? where id = ? and deleted_at is null")
                .params(actor, id).update() == 1;
    }

    List<Exemption> list(String plate) {
        return jdbc.sql(SELECT + " where e.deleted_at is null and (cast(? as text) is null or e.plate = ?) order by e.id")
                .params(plate, plate).query(Exemptions::row).list();
    }

    Optional<Exemption> find(long id) {
        return jdbc.sql(SELECT + " where e.id = ? and e.deleted_at is null").param(id).query(Exemptions::row).optional();
    }

    private static final String SELECT = """
            select e.id, e.country, e.plate, e.kind, e.valid_from, e.valid_until, e.note, e.created_at, e.created_by,
                   (select count(*) from exemption_skip k where k.exemption_id = e.id) as skipped
            from exemption e""";

    private static Exemption row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Timestamp until = rs.getTimestamp("valid_until");
        return new Exemption(rs.getLong("id"), rs.getString("country"), rs.getString("plate"), rs.getString("kind"),
                rs.getTimestamp("valid_from").toInstant(), until == null ? null : until.toInstant(), rs.getString("note"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"), rs.getLong("skipped"));
    }

    /**
     * Which of {@code plates} have a live exemption entry (at any time, in any country): the detector checks
     * {@link #skip} only for these, so a batch costs one query instead of one per finding.
     */
    java.util.Set<String> exemptAmong(java.util.Collection<String> plates) {
        if (plates.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(jdbc.sql("select distinct plate from exemption where deleted_at is null and plate = any(?)")
                .param(plates.toArray(String[]::new)).query(String.class).list());
    }

    /**
     * The single exemption check of the pipeline: when the read's plate is exempt at the offence time, records the
     * skip and answers true (the caller then records nothing). A read whose country is unknown matches on the
     * plate alone.
     */
    boolean skip(String rule, ReadFacts read, Finding finding) {
        String country = read.plateCountry();
        if (country != null && (country.isBlank() || country.toUpperCase(Locale.ROOT).equals("UNKNOWN"))) {
            country = null;
        }
        Timestamp at = Timestamp.from(read.capturedAt());
        Optional<Long> exemption = jdbc.sql("""
                select id from exemption
                where plate = ? and deleted_at is null and (cast(? as text) is null or country = ?)
                  and valid_from <= ? and (valid_until is null or valid_until > ?)
                order by id limit 1""")
                .params(read.plate(), country, country, at, at).query(Long.class).optional();
        if (exemption.isEmpty()) {
            return false;
        }
        jdbc.sql("""
                insert into exemption_skip (exemption_id, rule, read_id, offence_type, occurred_at)
                values (?, ?, ?, ?, ?) on conflict (rule, read_id) do nothing""")
                .params(exemption.get(), rule, read.readId(), finding.offenceType(), at).update();
        log.info("Read {}: {} not recorded, plate exempt (exemption {})", read.readId(), finding.offenceType(),
                exemption.get());
        return true;
    }
}
