package dev.plateguard.simulator.device;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

import tools.jackson.databind.json.JsonMapper;

import dev.plateguard.simulator.render.Evidence;
import dev.plateguard.simulator.render.EvidenceRenderer;
import dev.plateguard.simulator.traffic.Sighting;
import dev.plateguard.simulator.traffic.TrafficCurve;

/** Builds what a camera sends for a sighting: metadata per docs/ingest.md, the plate crop first, then the overview. */
public final class ReadComposer {

    /** RFC 3339 with the +05:00 offset, millisecond precision, as Uzbek cameras stamp local time. */
    public static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx", Locale.ROOT)
            .withZone(TrafficCurve.TASHKENT);
    private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS", Locale.ROOT)
            .withZone(TrafficCurve.TASHKENT);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EvidenceRenderer renderer;
    private final PlateRecogniser recogniser;
    private final double imageOnly;
    private final String runId;

    /**
     * @param imageOnly share of reads (0..1) sent with no plate text, only images (the plate crop and the overview,
     *                  both showing the vehicle's own plate), for the server to recognise
     * @param runId     short random tag that keeps event ids unique across runs
     */
    public ReadComposer(EvidenceRenderer renderer, PlateRecogniser recogniser, double imageOnly, String runId) {
        if (!(imageOnly >= 0 && imageOnly <= 1)) {
            throw new IllegalArgumentException("imageOnly must be a share between 0 and 1");
        }
        this.renderer = renderer;
        this.recogniser = recogniser;
        this.imageOnly = imageOnly;
        this.runId = runId;
    }

    /** All reads image-only ({@code true}) or none. */
    public ReadComposer(EvidenceRenderer renderer, PlateRecogniser recogniser, boolean imageOnly, String runId) {
        this(renderer, recogniser, imageOnly ? 1 : 0, runId);
    }

    public ReadUpload compose(Sighting s, long sequence, RandomGenerator random) {
        String eventId = "sim-" + runId + "-c" + s.camera().id() + "-" + EVENT_TIME.format(s.capturedAt())
                + "-" + String.format(Locale.ROOT, "%06d", sequence);
        Evidence evidence = renderer.render(s, random);
        // Drawn only for a share strictly between 0 and 1, so that all-or-nothing runs keep their random stream.
        boolean withoutText = imageOnly >= 1 || (imageOnly > 0 && random.nextDouble() < imageOnly);
        ReadMetadata.Plate plate = null;
        if (!withoutText) {
            PlateRecogniser.Reading reading = recogniser.read(s.vehicle().plate(), !evidence.degradations().isEmpty(),
                    TrafficCurve.night(s.capturedAt()), random);
            plate = new ReadMetadata.Plate(reading.text(), reading.confidence(),
                    s.vehicle().plate().country().name(), reading.candidates());
        }
        var box = evidence.plateBox();
        ReadMetadata.Signal signal = s.signal() == null ? null : new ReadMetadata.Signal(s.signal().state(),
                s.signal().redSince() == null ? null : RFC_3339.format(s.signal().redSince()));
        ReadMetadata.Occupants occupants = null;
        if (s.occupants() != null) {
            var o = s.occupants();
            occupants = new ReadMetadata.Occupants(new ReadMetadata.Flag(o.driverBelted(), o.confidence()),
                    o.passengerBelted() == null ? null : new ReadMetadata.Flag(o.passengerBelted(), o.confidence()),
                    new ReadMetadata.Flag(o.phoneUse(), o.confidence()));
        }
        var vehicle = s.vehicle();
        ReadMetadata metadata = new ReadMetadata(eventId, RFC_3339.format(s.capturedAt()), plate,
                new ReadMetadata.Box(box.x(), box.y(), box.width(), box.height()),
                new ReadMetadata.Vehicle(vehicle.model().type(), vehicle.colour(), vehicle.model().make()),
                s.speedKmh(), s.lane(), s.direction(), signal, occupants);
        return new ReadUpload(s.camera(), eventId, metadata, JSON.writeValueAsBytes(metadata), List.of(
                new ImagePart("plate.jpg", "image/jpeg", evidence.plateCropJpeg()),
                new ImagePart("overview.jpg", "image/jpeg", evidence.overviewJpeg())), s, evidence);
    }
}
