package dev.plateguard.server.registry;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code vehicle_registry} table: one row per (country, plate). Writes are upserts; callers own the
 * transaction.
 */
@Repository
public class VehicleTable {

    /** Where a row came from. */
    public enum Source { CSV, API }

    /** A stored row: the record plus its bookkeeping. */
    public record Entry(VehicleRecord vehicle, Source source, Instant updatedAt) {
    }

    /** Rows per upsert statement. */
    static final int CHUNK = 1000;

    private static final String COLUMNS = "country, plate, status, registration_valid_until, insurance_valid_until, "
            + "vehicle_type, make, colour, owner_ref, source, updated_at";

    private final JdbcClient jdbc;

    VehicleTable(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Entry> find(String country, String plate) {
        return jdbc.sql("select " + COLUMNS + " from vehicle_registry where country = ? and plate = ?")
                .params(country, plate)
                .query(VehicleTable::entry)
                .optional();
    }

    /** Inserts or replaces one row; true when it was inserted. */
    public boolean upsert(VehicleRecord vehicle, Source source) {
        return upsertAll(List.of(vehicle), source).inserted() == 1;
    }

    public record Upserted(int inserted, int updated) {
    }

    /**
     * Inserts or replaces rows, {@value #CHUNK} per statement, in (country, plate) order so that concurrent imports
     * lock rows in the same order and cannot deadlock. Keys must be unique within {@code vehicles}.
     */
    public Upserted upsertAll(List<VehicleRecord> vehicles, Source source) {
        List<VehicleRecord> sorted = new ArrayList<>(vehicles);
        sorted.sort(Comparator.comparing(VehicleRecord::country).thenComparing(VehicleRecord::plate));
        int inserted = 0;
        for (int from = 0; from < sorted.size(); from += CHUNK) {
            List<VehicleRecord> chunk = sorted.subList(from, Math.min(sorted.size(), from + CHUNK));
            int n = chunk.size();
            String[] country = new String[n];
            String[] plate = new String[n];
            String[] status = new String[n];
            String[] registration = new String[n];
            String[] insurance = new String[n];
            String[] type = new String[n];
            String[] make = new String[n];
            String[] colour = new String[n];
            String[] owner = new String[n];
            for (int i = 0; i < n; i++) {
                VehicleRecord v = chunk.get(i);
                country[i] = v.country();
                plate[i] = v.plate();
                status[i] = v.status().name();
                registration[i] = v.registrationValidUntil().toString();
                insurance[i] = v.insuranceValidUntil() == null ? null : v.insuranceValidUntil().toString();
                type[i] = v.vehicleType();
                make[i] = v.make();
                colour[i] = v.colour();
                owner[i] = v.ownerRef();
            }
            // xmax = 0 tells a freshly inserted row from one replaced by ON CONFLICT DO UPDATE (PostgreSQL).
            List<Boolean> fresh = jdbc.sql("""
                    insert into vehicle_registry (country, plate, status, registration_valid_until, insurance_valid_until,
                                                  vehicle_type, make, colour, owner_ref, source)
                    select c, p, s, r, i, t, m, col, o, ?
                    from unnest(?::text[], ?::text[], ?::text[], ?::text[]::date[], ?::text[]::date[], ?::text[], ?::text[], ?::text[],
                                ?::text[]) as u(c, p, s, r, i, t, m, col, o)
                    on conflict (country, plate) do update set
                        status = excluded.status,
                        registration_valid_until = excluded.registration_valid_until,
                        insurance_valid_until = excluded.insurance_valid_until,
                        vehicle_type = excluded.vehicle_type,
                        make = excluded.make,
                        colour = excluded.colour,
                        owner_ref = excluded.owner_ref,
                        source = excluded.source,
                        updated_at = now()
                    returning (xmax = 0)""")
                    .params(source.name().toLowerCase(java.util.Locale.ROOT), country, plate, status, registration,
                            insurance, type, make, colour, owner)
                    .query(Boolean.class)
                    .list();
            inserted += (int) fresh.stream().filter(Boolean::booleanValue).count();
        }
        return new Upserted(inserted, sorted.size() - inserted);
    }

    /** True when a row was deleted. */
    public boolean delete(String country, String plate) {
        return jdbc.sql("delete from vehicle_registry where country = ? and plate = ?").params(country, plate).update() == 1;
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        Date insurance = rs.getDate("insurance_valid_until");
        var vehicle = new VehicleRecord(rs.getString("country"), rs.getString("plate"),
                RegistrationStatus.valueOf(rs.getString("status")), rs.getDate("registration_valid_until").toLocalDate(),
                insurance == null ? null : insurance.toLocalDate(), rs.getString("vehicle_type"), rs.getString("make"),
                rs.getString("colour"), rs.getString("owner_ref"));
        return new Entry(vehicle, Source.valueOf(rs.getString("source").toUpperCase(java.util.Locale.ROOT)),
                rs.getTimestamp("updated_at").toInstant());
    }
}
