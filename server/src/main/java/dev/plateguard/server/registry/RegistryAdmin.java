package dev.plateguard.server.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.plateguard.server.audit.AuditLog;

/**
 * Changes to and views of the local registry table, each audited in the same transaction as the change
 * ({@code registry.import}, {@code registry.update}, {@code registry.view}, {@code registry.delete}). Audit entries
 * name the vehicle as {@code vehicle:UZ/01A123BC} and never carry the owner reference.
 */
@Service
class RegistryAdmin {

    private final VehicleTable table;
    private final AuditLog audit;

    RegistryAdmin(VehicleTable table, AuditLog audit) {
        this.table = table;
        this.audit = audit;
    }

    static String target(String country, String plate) {
        return "vehicle:" + country + "/" + plate;
    }

    @Transactional
    VehicleTable.Upserted importAll(List<VehicleRecord> vehicles) {
        VehicleTable.Upserted result = table.upsertAll(vehicles, VehicleTable.Source.CSV);
        audit.record("registry.import", "registry", AuditLog.Outcome.SUCCESS,
                RegistryCsv.summary(vehicles.size(), result));
        return result;
    }

    /** Records a refused import (bad file, too large, wrong type); nothing was stored. */
    void importRefused(int status, String reason) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", status);
        details.put("reason", reason);
        audit.record("registry.import", "registry", AuditLog.Outcome.FAILURE, details);
    }

    record Put(boolean created, VehicleTable.Entry entry) {
    }

    /** Inserts or replaces one vehicle; answers whether it was new, and the stored row. */
    @Transactional
    Put put(VehicleRecord vehicle) {
        boolean created = table.upsert(vehicle, VehicleTable.Source.API);
        audit.record("registry.update", target(vehicle.country(), vehicle.plate()), AuditLog.Outcome.SUCCESS,
                Map.of("created", created));
        return new Put(created, table.find(vehicle.country(), vehicle.plate()).orElseThrow());
    }

    @Transactional
    Optional<VehicleTable.Entry> view(String country, String plate) {
        Optional<VehicleTable.Entry> entry = table.find(country, plate);
        audit.record("registry.view", target(country, plate),
                entry.isPresent() ? AuditLog.Outcome.SUCCESS : AuditLog.Outcome.FAILURE,
                entry.isPresent() ? null : Map.of("reason", "not found"));
        return entry;
    }

    @Transactional
    boolean delete(String country, String plate) {
        boolean deleted = table.delete(country, plate);
        audit.record("registry.delete", target(country, plate),
                deleted ? AuditLog.Outcome.SUCCESS : AuditLog.Outcome.FAILURE,
                deleted ? null : Map.of("reason", "not found"));
        return deleted;
    }
}
