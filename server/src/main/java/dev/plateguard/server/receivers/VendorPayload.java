package dev.plateguard.server.receivers;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

import dev.plateguard.server.ingest.MultipartReader;
import dev.plateguard.server.validation.Refusal;

/**
 * A pushed request as a decoder sees it: the media type and the body, split into parts when it is multipart.
 *
 * @param mediaType the Content-Type without parameters, lower case ("application/json"); null when none was sent
 * @param parts     the multipart parts, or an empty list for a single-part body
 */
record VendorPayload(String mediaType, byte[] body, List<MultipartReader.Part> parts) {

    /** A single-part body, such as a JSON or XML document (also an MQTT message). */
    static VendorPayload of(String contentType, byte[] body) {
        return new VendorPayload(mediaType(contentType), body, List.of());
    }

    /** The request as received: multipart bodies are split here, at most {@code maxParts} parts. */
    static VendorPayload received(String contentType, byte[] body, int maxParts) {
        String type = mediaType(contentType);
        if (type != null && type.startsWith("multipart/")) {
            return new VendorPayload(type, body, MultipartReader.parse(body, MultipartReader.boundary(contentType), maxParts));
        }
        return new VendorPayload(type, body, List.of());
    }

    static String mediaType(String contentType) {
        return contentType == null || contentType.isBlank() ? null
                : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    }

    boolean multipart() {
        return mediaType != null && mediaType.startsWith("multipart/");
    }

    boolean json() {
        return mediaType != null && (mediaType.equals("application/json") || mediaType.endsWith("+json")
                || mediaType.equals("text/json") || mediaType.equals("text/plain"));
    }

    boolean xml() {
        return mediaType != null && (mediaType.equals("application/xml") || mediaType.equals("text/xml")
                || mediaType.endsWith("+xml"));
    }

    /** The first part that matches, if any. */
    Optional<MultipartReader.Part> part(Predicate<MultipartReader.Part> which) {
        return parts.stream().filter(which).findFirst();
    }

    /** The parts that are pictures: a JPEG or PNG by their first bytes, whatever they are called. */
    List<MultipartReader.Part> pictures() {
        return parts.stream().filter(p -> isPicture(p.bytes())).toList();
    }

    static boolean isPicture(byte[] b) {
        boolean jpeg = b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8;
        boolean png = b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
        return jpeg || png;
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Refuses a body of a media type that the format does not use. */
    static Refusal unsupported(String format, String mediaType, String expected) {
        return Refusal.unsupportedMedia("Content-Type", format + " pushes " + expected + ", not "
                + (mediaType == null ? "a body without a Content-Type" : mediaType));
    }
}
