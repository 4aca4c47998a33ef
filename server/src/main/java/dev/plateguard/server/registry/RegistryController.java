package dev.plateguard.server.registry;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.http.ProblemResponses;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * The local vehicle registry: CSV import and per-vehicle PUT/GET/DELETE (docs/registry.md). ADMINs manage it;
 * OPERATORs and SUPERVISORs may look vehicles up. Every access is audited.
 */
@RestController
class RegistryController {

    /** Largest JSON body of a PUT. */
    static final int MAX_JSON_BYTES = 16 * 1024;

    private final RegistryAdmin admin;
    private final PlateGuardProperties.Registry config;

    RegistryController(RegistryAdmin admin, PlateGuardProperties properties) {
        this.admin = admin;
        this.config = properties.registry();
    }

    /** A vehicle as the API shows it. Holds the opaque owner reference only, never owner data. */
    record VehicleView(String country, String plate, RegistrationStatus status, LocalDate registrationValidUntil,
                       LocalDate insuranceValidUntil, String vehicleType, String make, String colour, String ownerRef,
                       String source, Instant updatedAt) {

        static VehicleView of(VehicleTable.Entry entry) {
            VehicleRecord v = entry.vehicle();
            return new VehicleView(v.country(), v.plate(), v.status(), v.registrationValidUntil(),
                    v.insuranceValidUntil(), v.vehicleType(), v.make(), v.colour(), v.ownerRef(),
                    entry.source().name().toLowerCase(java.util.Locale.ROOT), entry.updatedAt());
        }
    }

    /** Body of a PUT; the country and plate come from the path. Strings, so that every error names its field. */
    record VehicleForm(String status, String registrationValidUntil, String insuranceValidUntil, String vehicleType,
                       String make, String colour, String ownerRef) {
    }

    /**
     * Imports a CSV file (text/csv, UTF-8): all rows or none. Existing vehicles (same country and plate) are
     * replaced. Answers the number of rows, and how many were new and how many replaced.
     */
    @Operation(summary = "Import vehicles from CSV, all rows or none (ADMIN)", description = "See docs/registry.md.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "text/csv", schema = @Schema(type = "string", example = RegistryCsvExample.TEXT))))
    @PostMapping("/api/v1/registry/import")
    Map<String, Object> importCsv(HttpServletRequest request) throws IOException {
        List<VehicleRecord> vehicles;
        try {
            requireMediaType(request, MediaType.parseMediaType("text/csv"));
            long max = config.maxImportBytes().toBytes();
            if (request.getContentLengthLong() > max) {
                throw Refusal.tooLarge("the file is larger than " + max + " bytes; split it into several imports");
            }
            vehicles = RegistryCsv.parse(request.getInputStream(), config.maxImportRows(), max);
        } catch (Refusal problem) {
            admin.importRefused(ProblemResponses.status(problem.kind()).value(), problem.getMessage());
            throw problem;
        }
        return RegistryCsv.summary(vehicles.size(), admin.importAll(vehicles));
    }

    /** Creates (201) or replaces (200) one vehicle. */
    @Operation(summary = "Create or replace one vehicle (ADMIN)", description = "See docs/registry.md.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = VehicleForm.class))))
    @PutMapping("/api/v1/registry/vehicles/{country}/{plate}")
    ResponseEntity<VehicleView> put(@PathVariable String country, @PathVariable String plate, HttpServletRequest request)
            throws IOException {
        requireMediaType(request, MediaType.APPLICATION_JSON);
        List<FieldProblem> errors = new ArrayList<>();
        String code = VehicleFields.country(country, "country", errors);
        String normalized = VehicleFields.plate(plate, "plate", errors);
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        VehicleForm form = RegistryJson.parse(body(request), VehicleForm.class);
        Map<VehicleFields.Field, String> raw = new EnumMap<>(VehicleFields.Field.class);
        raw.put(VehicleFields.Field.COUNTRY, code);
        raw.put(VehicleFields.Field.PLATE, normalized);
        raw.put(VehicleFields.Field.STATUS, form.status());
        raw.put(VehicleFields.Field.REGISTRATION_VALID_UNTIL, form.registrationValidUntil());
        raw.put(VehicleFields.Field.INSURANCE_VALID_UNTIL, form.insuranceValidUntil());
        raw.put(VehicleFields.Field.VEHICLE_TYPE, form.vehicleType());
        raw.put(VehicleFields.Field.MAKE, form.make());
        raw.put(VehicleFields.Field.COLOUR, form.colour());
        raw.put(VehicleFields.Field.OWNER_REF, form.ownerRef());
        VehicleRecord vehicle = VehicleFields.validate(raw, VehicleFields.Naming.JSON, "", errors);
        if (vehicle == null) {
            throw Refusal.invalid(errors);
        }
        RegistryAdmin.Put put = admin.put(vehicle);
        return ResponseEntity.status(put.created() ? HttpStatus.CREATED : HttpStatus.OK).body(VehicleView.of(put.entry()));
    }

    /**
     * The short form, {@code PUT /api/v1/registry/vehicles/{plate}}: the country is {@code ?country=}, by
     * default UZ (the registry this system serves).
     */
    @Operation(summary = "Create or replace one vehicle; country from ?country=, default UZ (ADMIN)",
            description = "See docs/registry.md.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = VehicleForm.class))))
    @PutMapping("/api/v1/registry/vehicles/{plate}")
    ResponseEntity<VehicleView> putDefaultCountry(@PathVariable String plate,
                                                  @RequestParam(defaultValue = "UZ") String country,
                                                  HttpServletRequest request) throws IOException {
        return put(country, plate, request);
    }

    @GetMapping("/api/v1/registry/vehicles/{plate}")
    VehicleView getDefaultCountry(@PathVariable String plate, @RequestParam(defaultValue = "UZ") String country) {
        return get(country, plate);
    }

    @GetMapping("/api/v1/registry/vehicles/{country}/{plate}")
    VehicleView get(@PathVariable String country, @PathVariable String plate) {
        Key key = key(country, plate);
        return admin.view(key.country(), key.plate()).map(VehicleView::of)
                .orElseThrow(() -> Refusal.notFound("no vehicle " + key.country() + "/" + key.plate() + " in the registry"));
    }

    @DeleteMapping("/api/v1/registry/vehicles/{country}/{plate}")
    ResponseEntity<Void> delete(@PathVariable String country, @PathVariable String plate) {
        Key key = key(country, plate);
        if (!admin.delete(key.country(), key.plate())) {
            throw Refusal.notFound("no vehicle " + key.country() + "/" + key.plate() + " in the registry");
        }
        return ResponseEntity.noContent().build();
    }

    /** The example shown in the OpenAPI document. */
    static final class RegistryCsvExample {
        static final String TEXT = "country,plate,status,registration_valid_until,insurance_valid_until,vehicle_type,"
                + "make,colour,owner_ref\nUZ,01A123BC,VALID,2027-03-31,2026-12-31,car,Chevrolet Cobalt,white,OWN-1001\n";

        private RegistryCsvExample() {
        }
    }

    private record Key(String country, String plate) {
    }

    private static Key key(String country, String plate) {
        List<FieldProblem> errors = new ArrayList<>();
        String code = VehicleFields.country(country, "country", errors);
        String normalized = VehicleFields.plate(plate, "plate", errors);
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        return new Key(code, normalized);
    }

    private static void requireMediaType(HttpServletRequest request, MediaType expected) {
        String header = request.getContentType();
        MediaType type;
        try {
            type = header == null ? null : MediaType.parseMediaType(header);
        } catch (InvalidMediaTypeException e) {
            type = null;
        }
        if (type == null || !expected.isCompatibleWith(type) || type.isWildcardType() || type.isWildcardSubtype()) {
            throw Refusal.unsupportedMedia("Content-Type", "must be " + expected);
        }
        String charset = type.getParameter("charset");
        if (charset != null && !charset.replace("\"", "").equalsIgnoreCase("utf-8")) {
            throw Refusal.unsupportedMedia("Content-Type", "charset must be UTF-8");
        }
    }

    private static byte[] body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_JSON_BYTES) {
            throw Refusal.tooLarge("body exceeds " + MAX_JSON_BYTES + " bytes");
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_JSON_BYTES + 1);
            if (bytes.length > MAX_JSON_BYTES) {
                throw Refusal.tooLarge("body exceeds " + MAX_JSON_BYTES + " bytes");
            }
            return bytes;
        }
    }
}
