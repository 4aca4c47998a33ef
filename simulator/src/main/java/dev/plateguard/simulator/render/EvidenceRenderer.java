package dev.plateguard.simulator.render;

import java.awt.image.BufferedImage;
import java.util.Set;
import java.util.random.RandomGenerator;

import dev.plateguard.simulator.traffic.Sighting;
import dev.plateguard.simulator.traffic.TrafficCurve;

/** Turns a sighting into the two JPEGs a camera would send: plate crop and overview. Thread-safe. */
public final class EvidenceRenderer {

    /** Crop quality: high enough to keep stroke edges, about 10–25 KB. */
    private static final float CROP_QUALITY = 0.85f;
    /** Overview quality: a flat scene compresses to a few tens of KB. */
    private static final float OVERVIEW_QUALITY = 0.72f;

    private final PlateRenderer plates;
    private final PlateCropRenderer crops = new PlateCropRenderer();
    private final OverviewRenderer overviews = new OverviewRenderer();
    private final double degradedShare;

    /** @param degradedShare fraction of reads whose crop is blurred, dark, angled or dirty */
    public EvidenceRenderer(PlateRenderer plates, double degradedShare) {
        this.plates = plates;
        this.degradedShare = degradedShare;
    }

    public Evidence render(Sighting sighting, RandomGenerator random) {
        boolean night = TrafficCurve.night(sighting.capturedAt());
        Set<Degradation> degradations = random.nextDouble() < degradedShare ? Degradation.draw(random) : Set.of();
        BufferedImage plate = plates.render(sighting.vehicle().plate().interpretation());
        PlateCropRenderer.Crop crop = crops.compose(plate, VehiclePaint.of(sighting.vehicle().colour()), night,
                degradations, random);
        OverviewRenderer.Overview overview = overviews.render(sighting, plate, night,
                degradations.contains(Degradation.LOW_LIGHT));
        return new Evidence(JpegEncoder.encode(crop.image(), CROP_QUALITY), crop.box(),
                JpegEncoder.encode(overview.image(), OVERVIEW_QUALITY), degradations);
    }
}
