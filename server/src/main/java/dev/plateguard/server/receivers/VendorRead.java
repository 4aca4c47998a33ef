package dev.plateguard.server.receivers;

import java.util.List;
import java.util.Map;

/**
 * One vehicle event as a decoder understood it, before it is mapped to the native read. Vendor units are already
 * converted where the decoder knows them (confidence on 0–1); what depends on the camera (its clock zone) or on the
 * images (normalised boxes) is left to {@link ReadMapper}.
 *
 * @param eventId      the vendor's own id of the event (uuid, carID…), or null when it has none: then an id is
 *                     derived from the payload, so a retry of the same payload gets the same one
 * @param capturedAt   when the picture was taken
 * @param plateText    plate text as sent; null or blank when the event has no plate
 * @param confidence   of the plate text, 0–1, or null
 * @param country      ISO 3166-1 alpha-2 code, or null
 * @param box          the plate's box in one of the images, or null
 * @param speedKmh     measured speed, km/h, or null
 * @param direction    direction of travel, degrees clockwise from north, or null
 * @param images       the event's pictures, in the order the vendor sent them
 * @param vendorFields the vendor's fields that the native read has no place for, kept as sent (secrets are stripped
 *                     later, by {@link PayloadSecrets})
 */
record VendorRead(String eventId, VendorTime capturedAt, String plateText, Double confidence, String country,
                  List<Candidate> candidates, PlateBox box, Vehicle vehicle, Double speedKmh, Integer direction,
                  Integer lane, List<Image> images, Map<String, Object> vendorFields) {

    VendorRead {
        candidates = candidates == null ? List.of() : candidates;
        images = images == null ? List.of() : images;
        vendorFields = vendorFields == null ? Map.of() : vendorFields;
    }

    boolean hasPlate() {
        return plateText != null && !plateText.isBlank();
    }

    /** @param confidence 0–1, or null */
    record Candidate(String text, Double confidence) {
    }

    record Vehicle(String type, String color, String make) {
    }

    /** A picture of the event; {@code name} is the vendor's (file or part name), for matching boxes to pictures. */
    record Image(String name, byte[] bytes) {
    }

    /**
     * A plate box in vendor coordinates. Vendors use four kinds: corner points and min/max pairs in pixels (decoders
     * turn both into left, top, width, height), fractions of the image (0–1), and Dahua's 0–8191 grid.
     *
     * @param image the index in {@link #images} of the picture the box lies in
     */
    record PlateBox(double left, double top, double width, double height, Units units, int image) {

        enum Units {
            PIXELS(0), FRACTION(1), DAHUA_8192(8192);

            /** The full extent of an image in these units; 0 for pixels. */
            final int extent;

            Units(int extent) {
                this.extent = extent;
            }
        }

        static PlateBox corners(double x1, double y1, double x2, double y2, Units units, int image) {
            return new PlateBox(Math.min(x1, x2), Math.min(y1, y2), Math.abs(x2 - x1), Math.abs(y2 - y1), units, image);
        }
    }
}
