package dev.plateguard.server.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.cameras.CameraHealth;
import dev.plateguard.server.cameras.CameraHeartbeat;
import dev.plateguard.server.http.ApiProblem;
import dev.plateguard.server.http.ProblemResponses;
import dev.plateguard.server.identity.DevicePrincipal;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/** Device endpoints. The camera is always the one the device key belongs to; bodies cannot name another. */
@RestController
class IngestController {

    /** OpenAPI description of the multipart body of POST /api/v1/reads. */
    record ReadUpload(ReadMetadata metadata,
                      @ArraySchema(maxItems = 8, schema = @Schema(type = "string", format = "binary",
                              description = "JPEG or PNG; the first is the one plateBox refers to")) List<String> image,
                      @Schema(type = "string", format = "binary", description = "MP4") String video) {
    }

    /** OpenAPI description of the body of POST /api/v1/reads/batch. */
    record ReadBatch(List<ReadMetadata> reads) {
    }

    /** OpenAPI description and parsing of the body of POST /api/v1/heartbeat (see {@link CameraHeartbeat}). */
    record HeartbeatRequest(String status, Integer queueDepth, Integer diskUsedPercent, String firmware, String clock) {
    }

    private final ReadIngestion ingestion;
    private final CameraHealth health;
    private final PlateGuardProperties.Ingest limits;
    private final DataSize multipartMax;
    private final IngestLoad load;
    private final IngestMetrics metrics;

    IngestController(ReadIngestion ingestion, CameraHealth health, PlateGuardProperties properties,
                     MultipartProperties multipart, IngestLoad load, IngestMetrics metrics) {
        this.load = load;
        this.metrics = metrics;
        this.multipartMax = multipart.getMaxRequestSize();
        this.ingestion = ingestion;
        this.health = health;
        this.limits = properties.ingest();
    }

    /** One read: a {@code metadata} JSON part, zero or more {@code image} parts and at most one {@code video}. */
    @Operation(summary = "Push one read with its evidence (device key)", description = "See docs/ingest.md.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = ReadUpload.class))))
    @PostMapping(path = "/api/v1/reads", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<?> read(@AuthenticationPrincipal DevicePrincipal device, HttpServletRequest request)
            throws IOException {
        long maxBody = multipartMax.toBytes();
        if (request.getContentLengthLong() > maxBody) {
            throw Refusal.tooLarge("request body exceeds the configured upload limit of " + multipartMax);
        }
        // Without a length (chunked), the worst case is held.
        Optional<IngestLoad.Reservation> reservation = load.tryReserve(
                request.getContentLengthLong() >= 0 ? request.getContentLengthLong() : maxBody);
        if (reservation.isEmpty()) {
            return busy();
        }
        try (IngestLoad.Reservation held = reservation.get()) {
            return readWithin(device, request, maxBody);
        }
    }

    private ResponseEntity<?> readWithin(DevicePrincipal device, HttpServletRequest request, long maxBody)
            throws IOException {
        String boundary = MultipartReader.boundary(request.getContentType());
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
        }
        if (body.length > maxBody) {
            throw Refusal.tooLarge("request body exceeds the configured upload limit of " + multipartMax);
        }
        List<MultipartReader.Part> parts = MultipartReader.parse(body, boundary, limits.maxParts());
        byte[] metadata = null;
        List<ReadIngestion.Part> images = new ArrayList<>();
        ReadIngestion.Part video = null;
        for (MultipartReader.Part part : parts) {
            String name = part.name();
            switch (name) {
                case "metadata" -> {
                    if (metadata != null) {
                        throw Refusal.invalid("metadata", "appears more than once");
                    }
                    if (part.bytes().length > limits.maxJsonBytes().toBytes()) {
                        throw Refusal.tooLarge("metadata is larger than " + limits.maxJsonBytes());
                    }
                    metadata = part.bytes();
                }
                case "image" -> {
                    if (images.size() == limits.maxImages()) {
                        throw Refusal.tooLarge("too many images, at most " + limits.maxImages());
                    }
                    images.add(new ReadIngestion.Part(name, part.contentType(),
                            limited(part, limits.maxImageBytes().toBytes(), "image[" + images.size() + "]")));
                }
                case "video" -> {
                    if (video != null) {
                        throw Refusal.invalid("video", "at most one video per read");
                    }
                    video = new ReadIngestion.Part(name, part.contentType(), limited(part, limits.maxVideoBytes().toBytes(), "video"));
                }
                default -> throw Refusal.invalid(name, "unknown part; expected metadata, image or video");
            }
        }
        if (metadata == null) {
            throw Refusal.invalid("metadata", "part is required");
        }
        IngestOutcome outcome = ingestion.ingest(device, metadata, images, Optional.ofNullable(video));
        return single(outcome);
    }

    /** Up to {@code plateguard.ingest.max-batch-size} metadata-only reads; answers per item, in order. */
    @Operation(summary = "Push up to 500 metadata-only reads (device key)", requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ReadBatch.class))))
    @PostMapping(path = "/api/v1/reads/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> batch(@AuthenticationPrincipal DevicePrincipal device, HttpServletRequest request) throws IOException {
        long length = request.getContentLengthLong();
        Optional<IngestLoad.Reservation> reservation = load.tryReserve(
                length >= 0 ? Math.min(length, limits.maxJsonBytes().toBytes()) : limits.maxJsonBytes().toBytes());
        if (reservation.isEmpty()) {
            return busy();
        }
        try (IngestLoad.Reservation held = reservation.get()) {
            return ResponseEntity.ok(batchWithin(device, request));
        }
    }

    private Map<String, Object> batchWithin(DevicePrincipal device, HttpServletRequest request) throws IOException {
        JsonNode body = StrictJson.tree(readBody(request), "body");
        if (!body.isObject()) {
            throw Refusal.invalid("body", "must be an object {\"reads\": [...]}");
        }
        for (String field : body.propertyNames()) {
            if (!field.equals("reads")) {
                throw Refusal.invalid(field, "unknown field");
            }
        }
        JsonNode reads = body.get("reads");
        if (reads == null || !reads.isArray()) {
            throw Refusal.invalid("reads", "is required and must be an array");
        }
        if (reads.size() > limits.maxBatchSize()) {
            throw Refusal.tooLarge("reads has " + reads.size() + " items, at most " + limits.maxBatchSize());
        }
        List<ReadMetadata> parsed = new ArrayList<>(reads.size());
        List<Refusal> parseErrors = new ArrayList<>(reads.size());
        for (int i = 0; i < reads.size(); i++) {
            try {
                JsonNode item = reads.get(i);
                if (!item.isObject()) {
                    throw Refusal.invalid("reads[" + i + "]", "must be an object");
                }
                parsed.add(StrictJson.convert(item, ReadMetadata.class, "reads[" + i + "]"));
                parseErrors.add(null);
            } catch (Refusal problem) {
                parsed.add(null);
                parseErrors.add(problem);
            }
        }
        // Items that failed to parse stay in the list as nulls, so that every item keeps its request index
        // (and error paths such as reads[5].plate name the item the client sent).
        List<Object> ingested = ingestion.ingestBatch(device, parsed);
        List<Map<String, Object>> results = new ArrayList<>(reads.size());
        int created = 0, accepted = 0, duplicates = 0, errors = 0;
        for (int i = 0; i < reads.size(); i++) {
            Object result = parseErrors.get(i) != null ? parseErrors.get(i) : ingested.get(i);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("index", i);
            if (parsed.get(i) != null && parsed.get(i).eventId() != null) {
                item.put("eventId", parsed.get(i).eventId());
            }
            if (result instanceof IngestOutcome outcome && outcome.status() != IngestOutcome.Status.CONFLICT) {
                item.put("status", switch (outcome.status()) {
                    case CREATED -> "created";
                    case ACCEPTED -> "accepted";
                    default -> "duplicate";
                });
                item.put("id", outcome.id());
                switch (outcome.status()) {
                    case CREATED -> created++;
                    case ACCEPTED -> accepted++;
                    default -> duplicates++;
                }
            } else {
                errors++;
                item.put("status", "error");
                if (result instanceof Refusal problem) {
                    item.put("httpStatus", ProblemResponses.status(problem.kind()).value());
                    item.put("detail", problem.getMessage());
                    item.put("errors", problem.errors());
                } else {
                    item.put("httpStatus", 409);
                    item.put("detail", "eventId was already used for a read with different content");
                }
            }
            results.add(item);
        }
        metrics.counted(IngestMetrics.Channel.BATCH, created + accepted, duplicates, errors);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("created", created);
        if (accepted > 0) {
            response.put("accepted", accepted); // only with the Kafka read log (docs/kafka.md)
        }
        response.put("duplicates", duplicates);
        response.put("errors", errors);
        response.put("results", results);
        return response;
    }

    /**
     * Liveness and health from a camera: updates last-seen and records the device's clock offset, upload queue and
     * disk use, which camera-health alarms watch (docs/camera-health.md).
     */
    @Operation(summary = "Camera heartbeat (device key)", description = "Body (every field optional): status (at "
            + "most 32 characters), queueDepth (reads waiting on the device, 0 or more), diskUsedPercent (0-100), "
            + "firmware (at most 64 characters), clock (the device's RFC 3339 time, for the clock offset). 400 names "
            + "the fields at fault.", requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = HeartbeatRequest.class))))
    @PostMapping(path = "/api/v1/heartbeat", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> heartbeat(@AuthenticationPrincipal DevicePrincipal device, HttpServletRequest request)
            throws IOException {
        // Fields are named as in the body ("queueDepth", not "body.queueDepth"), like the checks below name them.
        HeartbeatRequest body = StrictJson.parse(readBody(request), HeartbeatRequest.class, "");
        Instant clock = null;
        if (body.clock() != null) {
            try {
                clock = OffsetDateTime.parse(body.clock(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                throw Refusal.invalid(List.of(new FieldProblem("clock", "must be an RFC 3339 timestamp with offset")));
            }
        }
        Long offsetMs = health.heartbeat(device.cameraId(), new CameraHeartbeat(clock, body.status(),
                body.queueDepth(), body.diskUsedPercent(), body.firmware()));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("cameraId", device.cameraId());
        response.put("serverTime", Instant.now().toString());
        response.put("clockOffsetMs", offsetMs);
        return response;
    }

    /** 503 with Retry-After: the upload did not fit beside those in flight; nothing was read or stored. */
    private ResponseEntity<ProblemDetail> busy() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, load.retryAfter().toSeconds())))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "ingest-busy",
                        "the server is receiving as many uploads as it can take; retry shortly").toProblemDetail());
    }

    private static ResponseEntity<Map<String, Object>> single(IngestOutcome outcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", outcome.id());
        body.put("eventId", outcome.eventId());
        return switch (outcome.status()) {
            case ACCEPTED -> {
                body.put("status", "accepted");
                yield ResponseEntity.accepted().body(body);
            }
            case CREATED -> {
                body.put("status", "created");
                yield ResponseEntity.created(URI.create("/api/v1/reads/" + outcome.id())).body(body);
            }
            case DUPLICATE -> {
                body.put("status", "duplicate");
                yield ResponseEntity.ok(body);
            }
            case CONFLICT -> throw new ApiProblem(HttpStatus.CONFLICT, "event-id-conflict",
                    "eventId " + outcome.eventId() + " was already used for a read with different content");
        };
    }

    private byte[] readBody(HttpServletRequest request) throws IOException {
        long max = limits.maxJsonBytes().toBytes();
        if (request.getContentLengthLong() > max) {
            throw Refusal.tooLarge("body is larger than " + limits.maxJsonBytes());
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes((int) max + 1);
            if (bytes.length > max) {
                throw Refusal.tooLarge("body is larger than " + limits.maxJsonBytes());
            }
            return bytes;
        }
    }

    private static byte[] limited(MultipartReader.Part part, long max, String field) {
        if (part.bytes().length > max) {
            throw Refusal.tooLarge(field + " is " + part.bytes().length + " bytes, over the limit of " + max);
        }
        return part.bytes();
    }
}
