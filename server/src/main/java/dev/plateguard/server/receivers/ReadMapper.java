package dev.plateguard.server.receivers;

import java.text.Normalizer;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.plateguard.plates.PlateText;
import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.evidence.MediaInspector;
import dev.plateguard.server.ingest.ReadIngestion;
import dev.plateguard.server.ingest.ReadMetadata;

/**
 * Maps a decoded vendor event to the native read, so that ingest treats it exactly as one posted to
 * {@code /api/v1/reads}: time in UTC (a local time read in the camera's clock zone), confidence 0–1, the plate box in
 * pixels of the first image (the boxed picture is moved first; a box outside its picture is dropped, not refused),
 * and what the native read has no field for kept under {@code vendor}, secrets stripped. Vendor values the native
 * read would refuse but that are only descriptive (an out-of-range speed, an odd colour name) are left among the
 * vendor fields rather than failing the read; plate text that is not a plate ("TÖLSL123" is folded to TOLSL123
 * first) makes the event plate-less, for recognition when it has a picture.
 */
@Component
class ReadMapper {

    /** A native read ready for ingest. */
    record Mapped(ReadMetadata metadata, Map<String, Object> vendorFields, List<ReadIngestion.Part> images) {
    }

    private static final int MAX_CANDIDATES = 10;

    private final PlateGuardProperties.Ingest limits;

    ReadMapper(PlateGuardProperties properties) {
        this.limits = properties.ingest();
    }

    /**
     * @param clockZone the camera's clock zone, for local vendor times
     * @param received  when the push arrived: the capture time of events that carry none
     * @return empty for an event with neither a plate nor a picture (a no-plate event: counted, not stored)
     */
    Optional<Mapped> map(String format, VendorRead read, ZoneId clockZone, Instant received) {
        Map<String, Object> fields = new LinkedHashMap<>();
        String plateText = read.hasPlate() ? plateText(read.plateText()) : null;
        if (read.hasPlate() && plateText == null) {
            fields.put("unreadablePlateText", PayloadSecrets.text(read.plateText()));
        }
        List<VendorRead.Image> images = pictures(read.images(), fields);
        if (plateText == null && images.isEmpty()) {
            return Optional.empty();
        }
        ReadMetadata.PlateBox box = box(read.box(), images, fields);
        if (images.size() > limits.maxImages()) {
            images = images.subList(0, limits.maxImages());
        }
        ReadMetadata.Plate plate = plateText == null ? null
                : new ReadMetadata.Plate(plateText, read.confidence(), read.country(), candidates(read.candidates()));
        Instant capturedAt = read.capturedAt() == null ? received : read.capturedAt().in(clockZone);
        ReadMetadata metadata = new ReadMetadata(read.eventId(), capturedAt.toString(), plate, box, vehicle(read.vehicle()),
                read.speedKmh() != null && read.speedKmh() >= 0 && read.speedKmh() <= 400 ? read.speedKmh() : null,
                read.lane(), read.direction() != null && read.direction() >= 0 && read.direction() <= 359 ? read.direction() : null,
                null, null);
        Map<String, Object> vendor = new LinkedHashMap<>();
        vendor.put("format", format);
        if (read.capturedAt() != null && read.capturedAt().local() != null) {
            vendor.put("localTime", read.capturedAt().local().toString());
            vendor.put("clockZone", clockZone.getId());
        }
        fields.putAll(read.vendorFields());
        vendor.put("fields", PayloadSecrets.strip(fields));
        return Optional.of(new Mapped(metadata, vendor,
                images.stream().map(i -> new ReadIngestion.Part("image", null, i.bytes())).toList()));
    }

    /**
     * The pictures that are whole JPEGs or PNGs. A broken one (a real OpenALPR capture holds truncated JPEGs) is left
     * out and named among the vendor fields rather than losing the read; one over the pixel limit is refused (413).
     */
    private List<VendorRead.Image> pictures(List<VendorRead.Image> given, Map<String, Object> fields) {
        List<VendorRead.Image> whole = new ArrayList<>();
        List<Map<String, String>> dropped = new ArrayList<>();
        for (VendorRead.Image image : given) {
            try {
                MediaInspector.inspect(image.bytes(), limits.maxPixels());
                whole.add(image);
            } catch (MediaInspector.RejectedMedia rejected) {
                if (rejected.tooLarge()) {
                    throw dev.plateguard.server.validation.Refusal.tooLarge("picture " + image.name() + ": " + rejected.getMessage());
                }
                dropped.add(Map.of("name", String.valueOf(image.name()), "reason", rejected.getMessage()));
            }
        }
        if (!dropped.isEmpty()) {
            fields.put("droppedPictures", dropped);
        }
        return whole;
    }

    /** Plate text as the native read accepts it, with accents folded (Axis sends TÖLSL123); null if it is no plate. */
    static String plateText(String raw) {
        String folded = Normalizer.normalize(raw.strip(), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return PlateText.tryNormalize(folded).isPresent() ? folded : null;
    }

    private static List<ReadMetadata.Candidate> candidates(List<VendorRead.Candidate> given) {
        List<ReadMetadata.Candidate> candidates = new ArrayList<>();
        for (VendorRead.Candidate c : given) {
            String text = plateText(c.text());
            if (text != null && candidates.size() < MAX_CANDIDATES) {
                candidates.add(new ReadMetadata.Candidate(text, c.confidence()));
            }
        }
        return candidates.isEmpty() ? null : candidates;
    }

    private static ReadMetadata.Vehicle vehicle(VendorRead.Vehicle vehicle) {
        if (vehicle == null) {
            return null;
        }
        String type = descriptive(vehicle.type(), 40), color = descriptive(vehicle.color(), 40), make = descriptive(vehicle.make(), 60);
        return type == null && color == null && make == null ? null : new ReadMetadata.Vehicle(type, color, make);
    }

    /** Descriptive text the native read accepts: letters, digits and plain punctuation, not too long. */
    private static String descriptive(String text, int max) {
        if (text == null || text.isBlank() || text.length() > max) {
            return null;
        }
        List<dev.plateguard.server.validation.FieldProblem> problems = new ArrayList<>();
        dev.plateguard.server.validation.SafeText.check("text", text.strip(), max, problems);
        return problems.isEmpty() ? text.strip() : null;
    }

    /**
     * The box in pixels of its picture, which is moved to the front of {@code images}; null (the vendor's box kept
     * among the fields) when there is no such picture or the box does not lie inside it.
     */
    private ReadMetadata.PlateBox box(VendorRead.PlateBox box, List<VendorRead.Image> images, Map<String, Object> fields) {
        if (box == null) {
            return null;
        }
        if (box.image() < 0 || box.image() >= images.size()) {
            fields.put("plateBox", box);
            return null;
        }
        MediaInspector.Inspection picture;
        try {
            picture = MediaInspector.inspect(images.get(box.image()).bytes(), limits.maxPixels());
        } catch (MediaInspector.RejectedMedia e) {
            return null; // the picture itself is refused by ingest, naming it
        }
        double sx = box.units().extent == 0 ? 1 : (double) picture.width() / box.units().extent;
        double sy = box.units().extent == 0 ? 1 : (double) picture.height() / box.units().extent;
        int x = (int) Math.round(box.left() * sx), y = (int) Math.round(box.top() * sy);
        int w = (int) Math.round(box.width() * sx), h = (int) Math.round(box.height() * sy);
        if (x < 0 || y < 0 || w <= 0 || h <= 0 || (long) x + w > picture.width() || (long) y + h > picture.height()) {
            fields.put("plateBox", box);
            return null;
        }
        images.addFirst(images.remove(box.image()));
        return new ReadMetadata.PlateBox(x, y, w, h);
    }
}
