package dev.plateguard.server.reads;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import dev.plateguard.server.cameras.Camera;
import dev.plateguard.server.cameras.Site;

/**
 * A read prepared for a page: times in the site's time zone, names instead of ids.
 *
 * @param localTime  capture time in the site's zone, e.g. "2026-11-26 14:03:05"
 * @param thumbnail  SHA-256 of the first image (the plate crop by convention), null when there is none
 */
public record ReadView(long id, String localTime, String zone, String plate, String plateDisplay, String country,
                       String format, String region, Float confidence, long siteId, String siteName, String city,
                       long cameraId, String cameraName, String thumbnail, PlateRead read) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    static ReadView of(PlateRead read, Map<Long, Site> sites, Map<Long, Camera> cameras) {
        Site site = sites.get(read.siteId());
        Camera camera = cameras.get(read.cameraId());
        ZoneId zone = ZoneId.of(site == null ? "Asia/Tashkent" : site.timezone());
        String thumbnail = read.evidence().stream().filter(e -> e.kind().equals("image")).findFirst()
                .map(PlateRead.EvidenceLink::sha256).orElse(null);
        return new ReadView(read.id(), TIME.format(read.capturedAt().atZone(zone)), zone.getId(), read.plate(),
                read.plateDisplay(), read.plateCountry(), read.plateFormat(), read.plateRegion(), read.plateConfidence(),
                read.siteId(), site == null ? "?" : site.name(), site == null ? "?" : site.city(), read.cameraId(),
                camera == null ? "?" : camera.name(), thumbnail, read);
    }

    static List<ReadView> of(List<PlateRead> reads, Map<Long, Site> sites, Map<Long, Camera> cameras) {
        return reads.stream().map(r -> of(r, sites, cameras)).toList();
    }
}
