package dev.plateguard.server.receivers;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.http.ApiProblem;
import dev.plateguard.server.identity.DevicePrincipal;
import dev.plateguard.server.ingest.IngestLoad;
import dev.plateguard.server.ingest.IngestOutcome;
import dev.plateguard.server.validation.Refusal;

/**
 * Vendor push endpoints: {@code POST /api/v1/receivers/{format}}. The camera is authenticated before this runs
 * (bearer device key, key as last path segment, or HTTP Basic: camera id and key); the body is read within
 * {@code plateguard.receivers.max-body-size}, decoded by the format's decoder, and stored through ingest.
 */
@RestController
class ReceiverController {

    private final Map<String, VendorDecoder> decoders;
    private final VendorReceiver receiver;
    private final IngestLoad load;
    private final long maxBody;
    private final int maxParts;

    ReceiverController(List<VendorDecoder> decoders, VendorReceiver receiver, IngestLoad load, ReceiverSettings settings,
                       PlateGuardProperties properties) {
        this.decoders = decoders.stream().collect(Collectors.toMap(VendorDecoder::format, Function.identity()));
        this.receiver = receiver;
        this.load = load;
        this.maxBody = settings.maxBodySize().toBytes();
        this.maxParts = properties.ingest().maxParts();
    }

    @Operation(summary = "Receive a vendor camera's push (device key: bearer, last path segment, or HTTP Basic)",
            description = "format: openalpr, platerecognizer, hikvision, axis or dahua. The body is what the vendor sends "
                    + "(JSON, ISAPI XML, multipart with pictures). Each plate event is stored as a read, exactly like "
                    + "POST /api/v1/reads; heartbeats update camera health; events without plate or picture are counted. "
                    + "A retry of the same event answers 200 with status duplicate. A camera that cannot send a header "
                    + "may put its key as a last path segment, POST /api/v1/receivers/{format}/{key} (taken out of the "
                    + "path before anything logs it), or use HTTP Basic: user name its camera id, password its key. "
                    + "See docs/cameras/.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object")),
                    @Content(mediaType = MediaType.APPLICATION_XML_VALUE, schema = @Schema(type = "string")),
                    @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(type = "object"))}))
    @PostMapping("/api/v1/receivers/{format}")
    ResponseEntity<?> receive(@AuthenticationPrincipal DevicePrincipal device,
                              @Parameter(description = "openalpr, platerecognizer, hikvision, axis or dahua") @PathVariable String format,
                              HttpServletRequest request) throws IOException {
        VendorDecoder decoder = decoders.get(format);
        if (decoder == null) {
            throw Refusal.notFound("no receiver for format '" + format + "'; known: "
                    + String.join(", ", decoders.keySet().stream().sorted().toList()));
        }
        long length = request.getContentLengthLong();
        if (length > maxBody) {
            throw Refusal.tooLarge("the push is " + length + " bytes, over the limit of " + maxBody);
        }
        Optional<IngestLoad.Reservation> reservation = load.tryReserve(length >= 0 ? length : maxBody);
        if (reservation.isEmpty()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, load.retryAfter().toSeconds())))
                    .body(new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "ingest-busy",
                            "the server is receiving as many uploads as it can take; retry shortly").toProblemDetail());
        }
        try (IngestLoad.Reservation held = reservation.get()) {
            VendorPayload payload = VendorPayload.received(request.getContentType(), body(request), maxParts);
            return answer(receiver.receive(device, format, decoder.decode(payload)));
        }
    }

    private byte[] body(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
            if (body.length > maxBody) {
                throw Refusal.tooLarge("the push is over the limit of " + maxBody + " bytes");
            }
            if (body.length == 0) {
                throw Refusal.malformed("the push has an empty body");
            }
            return body;
        }
    }

    private static ResponseEntity<Map<String, Object>> answer(VendorReceiver.Receipt receipt) {
        List<Map<String, Object>> reads = receipt.reads().stream().map(outcome -> {
            if (outcome.status() == IngestOutcome.Status.CONFLICT) {
                throw new ApiProblem(HttpStatus.CONFLICT, "event-id-conflict", "event " + outcome.eventId()
                        + " was already stored with different content");
            }
            Map<String, Object> read = new LinkedHashMap<>();
            read.put("id", outcome.id());
            read.put("eventId", outcome.eventId());
            read.put("status", switch (outcome.status()) {
                case CREATED -> "created";
                case ACCEPTED -> "accepted"; // in the Kafka read log, stored by its consumer (docs/kafka.md)
                default -> "duplicate";
            });
            return read;
        }).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("format", receipt.format());
        body.put("reads", reads);
        body.put("noPlate", receipt.noPlate());
        body.put("ignored", receipt.ignored());
        body.put("heartbeat", receipt.heartbeat());
        if (receipt.format().equals(DahuaDecoder.FORMAT)) {
            body.put("Result", true); // what Dahua's ITSAPI upload waits for
        }
        return ResponseEntity.ok(body);
    }
}
