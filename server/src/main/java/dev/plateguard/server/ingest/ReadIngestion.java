package dev.plateguard.server.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import dev.plateguard.plates.PlateText;
import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.evidence.ContentHash;
import dev.plateguard.server.evidence.EvidenceStore;
import dev.plateguard.server.evidence.EvidenceStoreUnavailable;
import dev.plateguard.server.evidence.MediaInspector;
import dev.plateguard.server.evidence.StagedEvidence;
import dev.plateguard.server.http.StorageTrouble;
import dev.plateguard.server.identity.DevicePrincipal;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * The ingest pipeline for one camera read: check every byte first, then make evidence durable, then commit
 * the row. Nothing is written until everything is known to be acceptable, so a rejected read leaves no trace.
 */
@Service
public class ReadIngestion {

    private static final Logger log = LoggerFactory.getLogger(ReadIngestion.class);
    /** Retry-After of a 503 for a store failure that does not say how long (a full local disk). */
    private static final java.time.Duration STORE_RETRY_AFTER = java.time.Duration.ofSeconds(30);

    /** A raw multipart part as received. */
    public record Part(String name, String declaredType, byte[] bytes) {
    }

    private final ReadValidator validator;
    private final ReadWriter writer;
    private final GroupCommit groupCommit;
    private final EvidenceStore store;
    private final PlateGuardProperties.Ingest limits;

    private final ApplicationEventPublisher events;
    /** Present when reads go through the Kafka read log (plateguard.ingest.kafka.enabled). */
    private final Optional<KafkaReadLog> readLog;

    ReadIngestion(ReadValidator validator, ReadWriter writer, GroupCommit groupCommit, EvidenceStore store,
                  PlateGuardProperties properties, ApplicationEventPublisher events, Optional<KafkaReadLog> readLog) {
        this.readLog = readLog;
        this.groupCommit = groupCommit;
        this.events = events;
        this.validator = validator;
        this.writer = writer;
        this.store = store;
        this.limits = properties.ingest();
    }

    public IngestOutcome ingest(DevicePrincipal device, byte[] metadataJson, List<Part> images, Optional<Part> video) {
        ReadMetadata metadata = StrictJson.parse(metadataJson, ReadMetadata.class, "metadata");
        return ingest(device, metadata, Map.of(), images, video);
    }

    /**
     * A read from a vendor's format (receivers), mapped to the native metadata: validated, deduplicated and stored
     * exactly as a native read. {@code vendorFields} (what the vendor sent that the metadata has no field for,
     * secrets already stripped) is kept in the stored metadata under {@code "vendor"} and is part of the content
     * hash, so a vendor's retry of the same event is a duplicate.
     */
    public IngestOutcome ingest(DevicePrincipal device, ReadMetadata metadata, Map<String, Object> vendorFields,
                                List<Part> images, Optional<Part> video) {
        // the plate may be left to recognition when there is something to read it from: an image or a clip
        ValidatedRead read = validator.validate(metadata, "metadata", images.isEmpty() && video.isEmpty());
        if (!vendorFields.isEmpty()) {
            read = read.withVendorFields(vendorFields);
        }
        List<IncomingEvidence> evidence = new ArrayList<>();
        List<FieldProblem> errors = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            inspect(images.get(i), "image[" + i + "]", "image", errors).ifPresent(evidence::add);
        }
        video.flatMap(v -> inspect(v, "video", "video", errors)).ifPresent(evidence::add);
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        checkPlateBox(read, evidence);

        byte[] contentHash = ReadWriter.contentHash(read.canonicalJson(), evidence.stream().map(IncomingEvidence::sha256).toList());
        Optional<ReadWriter.Stored> before = writer.existing(device.cameraId(), read.eventId());
        if (before.isPresent()) {
            boolean same = MessageDigest.isEqual(before.get().contentHash(), contentHash);
            return new IngestOutcome(same ? IngestOutcome.Status.DUPLICATE : IngestOutcome.Status.CONFLICT,
                    before.get().id(), read.eventId());
        }
        if (readLog.isPresent()) {
            return appendToReadLog(device, read, contentHash, evidence);
        }
        // Encrypted and fsynced under temporary names here, in parallel with other requests; put in place and
        // committed with the other reads of its group (GroupCommit).
        List<StagedEvidence> staged = new ArrayList<>();
        try {
            for (IncomingEvidence e : evidence) {
                staged.add(store.stage(e.sha256(), e.bytes()));
            }
        } catch (IOException ex) {
            store.discard(staged);
            throw evidenceNotStored(device, read, ex);
        }
        GroupCommit.Committed committed;
        try {
            committed = groupCommit.commit(new ReadWriter.Pending(device, read, contentHash, evidence), staged);
        } catch (UncheckedIOException ex) {
            throw evidenceNotStored(device, read, ex.getCause());
        }
        List<String> created = new ArrayList<>(committed.createdEvidence());
        ReadWriter.Inserted inserted = committed.inserted();
        IngestOutcome outcome = inserted.outcome();
        if (outcome.status() == IngestOutcome.Status.CONFLICT) {
            removeUnreferenced(created);
        }
        if (outcome.status() == IngestOutcome.Status.CREATED && read.plate() != null) {
            events.publishEvent(new PlateReadsStored(1)); // a hint for matching and detection, as below
        }
        if (inserted.recognitionJobId() != null) {
            // Listeners run once the read is committed (the insert above commits on its own outside a transaction)
            // and must not block: recognition only takes the hint, its job is already stored with the read.
            events.publishEvent(new ImageOnlyReadStored(outcome.id(), inserted.recognitionJobId()));
        }
        if (log.isDebugEnabled()) {
            log.debug("read {} camera {} plate {} -> {}", read.eventId(), device.cameraId(),
                    PlateText.mask(read.plate() == null ? null : read.plate().normalized()), outcome.status());
        }
        return outcome;
    }

    /**
     * Nothing was committed: no read row without its evidence. The device keeps the read and retries; objects already
     * stored for it are used again then, or swept as orphans. A full disk is 507 (StorageTrouble); a store that cannot
     * take the evidence now (an S3 store that is down) 503 with Retry-After.
     */
    private RuntimeException evidenceNotStored(DevicePrincipal device, ValidatedRead read, IOException ex) {
        if (StorageTrouble.of(ex).filter(t -> t == StorageTrouble.FULL).isPresent()) {
            return new UncheckedIOException("evidence write failed", ex);
        }
        log.error("Evidence of read {} from camera {} could not be stored: {}", read.eventId(), device.cameraId(),
                ex.getMessage());
        return Refusal.unavailable("evidence-store-unavailable",
                "the evidence store cannot take the read's evidence now; nothing was stored, retry later",
                ex instanceof EvidenceStoreUnavailable unavailable ? unavailable.retryAfter() : STORE_RETRY_AFTER);
    }

    /**
     * With the Kafka read log: the evidence is made durable in the evidence store first, then the read goes to the
     * log; once the brokers hold it, it is acknowledged (202) and the log's consumer stores it (KafkaReadStore).
     */
    private IngestOutcome appendToReadLog(DevicePrincipal device, ValidatedRead read, byte[] contentHash,
                                          List<IncomingEvidence> evidence) {
        List<StagedEvidence> staged = new ArrayList<>();
        java.util.Set<String> created;
        try {
            for (IncomingEvidence e : evidence) {
                staged.add(store.stage(e.sha256(), e.bytes()));
            }
            created = store.publish(staged);
        } catch (IOException ex) {
            store.discard(staged);
            throw evidenceNotStored(device, read, ex);
        }
        try {
            readLog.get().append(List.of(new ReadWriter.Pending(device, read, contentHash, evidence).row()));
        } catch (RuntimeException e) {
            removeUnreferenced(new ArrayList<>(created)); // nothing refers to them: the read was not acknowledged
            throw e;
        }
        return new IngestOutcome(IngestOutcome.Status.ACCEPTED, null, read.eventId());
    }

    /**
     * Validates each read independently; valid ones are stored in one statement. Results keep request order:
     * an {@link IngestOutcome} or a {@link Refusal} per item, and null for a null item (one the caller
     * already rejected), so that indices and error paths match the request.
     */
    public List<Object> ingestBatch(DevicePrincipal device, List<ReadMetadata> reads) {
        List<Object> results = new ArrayList<>(reads.size());
        List<ValidatedRead> valid = new ArrayList<>();
        List<Integer> validIndex = new ArrayList<>();
        for (int i = 0; i < reads.size(); i++) {
            if (reads.get(i) == null) {
                results.add(null);
                continue;
            }
            try {
                if (reads.get(i).plateBox() != null) {
                    // As for a multipart read without images: a box on the first image needs an image.
                    throw Refusal.invalid("reads[" + i + "].plateBox",
                            "refers to the first image, but batch reads carry no images");
                }
                valid.add(validator.validate(reads.get(i), "reads[" + i + "]", true));
                validIndex.add(i);
                results.add(null);
            } catch (Refusal problem) {
                results.add(problem);
            }
        }
        if (!valid.isEmpty() && readLog.isPresent()) {
            List<IngestOutcome> outcomes = appendBatchToReadLog(device, valid);
            for (int k = 0; k < outcomes.size(); k++) {
                results.set(validIndex.get(k), outcomes.get(k));
            }
        } else if (!valid.isEmpty()) {
            List<IngestOutcome> outcomes = writer.insertBatch(device, valid);
            for (int k = 0; k < outcomes.size(); k++) {
                results.set(validIndex.get(k), outcomes.get(k));
            }
            int created = (int) outcomes.stream().filter(o -> o.status() == IngestOutcome.Status.CREATED).count();
            if (created > 0) {
                events.publishEvent(new PlateReadsStored(created));
            }
        }
        return results;
    }

    /**
     * A batch with the Kafka read log: reads stored before are answered as alone (duplicate or conflict); a repeat
     * within the batch is a duplicate of its first occurrence or a conflict; the others go to the log together.
     */
    private List<IngestOutcome> appendBatchToReadLog(DevicePrincipal device, List<ValidatedRead> reads) {
        List<IngestOutcome> outcomes = new ArrayList<>(reads.size());
        List<ReadWriter.Pending> toLog = new ArrayList<>();
        Map<String, byte[]> firstHash = new java.util.HashMap<>();
        for (ValidatedRead read : reads) {
            byte[] hash = ReadWriter.contentHash(read.canonicalJson(), List.of());
            Optional<ReadWriter.Stored> before = writer.existing(device.cameraId(), read.eventId());
            byte[] earlier = before.map(ReadWriter.Stored::contentHash).orElse(firstHash.get(read.eventId()));
            if (earlier != null) {
                boolean same = MessageDigest.isEqual(earlier, hash);
                outcomes.add(new IngestOutcome(same ? (before.isPresent() ? IngestOutcome.Status.DUPLICATE
                        : IngestOutcome.Status.ACCEPTED) : IngestOutcome.Status.CONFLICT,
                        before.map(ReadWriter.Stored::id).orElse(null), read.eventId()));
                continue;
            }
            firstHash.put(read.eventId(), hash);
            toLog.add(new ReadWriter.Pending(device, read, hash, List.of()));
            outcomes.add(new IngestOutcome(IngestOutcome.Status.ACCEPTED, null, read.eventId()));
        }
        readLog.get().append(toLog.stream().map(ReadWriter.Pending::row).toList());
        return outcomes;
    }

    private Optional<IncomingEvidence> inspect(Part part, String field, String kind, List<FieldProblem> errors) {
        long max = kind.equals("video") ? limits.maxVideoBytes().toBytes() : limits.maxImageBytes().toBytes();
        if (part.bytes().length > max) {
            throw Refusal.tooLarge(field + " is " + part.bytes().length + " bytes, over the limit of " + max);
        }
        if (part.bytes().length == 0) {
            errors.add(new FieldProblem(field, "is empty"));
            return Optional.empty();
        }
        MediaInspector.Inspection inspection;
        try {
            inspection = MediaInspector.inspect(part.bytes(), limits.maxPixels());
        } catch (MediaInspector.RejectedMedia rejected) {
            if (rejected.tooLarge()) {
                throw Refusal.tooLarge(field + ": " + rejected.getMessage());
            }
            errors.add(new FieldProblem(field, rejected.getMessage()));
            return Optional.empty();
        }
        if (kind.equals("image") != inspection.type().isImage()) {
            errors.add(new FieldProblem(field, "must be " + (kind.equals("image") ? "a JPEG or PNG image" : "an MP4 video")
                    + " but the bytes are " + inspection.type().mime()));
            return Optional.empty();
        }
        String declared = part.declaredType() == null ? null : part.declaredType().split(";")[0].strip().toLowerCase();
        if (declared != null && !declared.equals("application/octet-stream") && !declared.equals(inspection.type().mime())) {
            errors.add(new FieldProblem(field, "is declared as " + declared + " but the bytes are " + inspection.type().mime()));
            return Optional.empty();
        }
        return Optional.of(new IncomingEvidence(kind, part.bytes(), ContentHash.of(part.bytes()), inspection));
    }

    /**
     * A post that lost the race for its eventId to a different read leaves no files behind: those it created and
     * no stored read holds are removed at once. The winner has committed by then (the losing insert waited for
     * it), so files the two share are already referenced and stay.
     */
    private void removeUnreferenced(List<String> created) {
        for (String sha : created) {
            try {
                if (!writer.referenced(sha)) {
                    store.delete(sha);
                }
            } catch (IOException | RuntimeException e) {
                log.warn("Could not remove evidence {} of a refused read; the orphan sweeper will: {}", sha, e.toString());
            }
        }
    }

    private static void checkPlateBox(ValidatedRead read, List<IncomingEvidence> evidence) {
        var box = read.metadata().plateBox();
        if (box == null) {
            return;
        }
        Optional<IncomingEvidence> first = evidence.stream().filter(e -> e.kind().equals("image")).findFirst();
        if (first.isEmpty()) {
            throw Refusal.invalid("metadata.plateBox", "refers to the first image, but the read has no image");
        }
        var image = first.get().inspection();
        // In long arithmetic: x + width in int overflows for x near Integer.MAX_VALUE and would pass the check.
        if ((long) box.x() + box.width() > image.width() || (long) box.y() + box.height() > image.height()) {
            throw Refusal.invalid("metadata.plateBox", "lies outside the first image (" + image.width() + "×"
                    + image.height() + ")");
        }
    }

}
