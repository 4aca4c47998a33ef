package dev.plateguard.server.receivers;

import java.util.Base64;

/** Pictures that vendors embed in JSON as base64 (OpenALPR crops, Axis {@code BinaryImage}, Dahua {@code Content}). */
final class EmbeddedImages {

    private EmbeddedImages() {
    }

    /**
     * The picture, or null when the text is not base64 of a JPEG or PNG: documentation placeholders such as
     * "... base 64 image data ..." are skipped rather than refused. A real but broken picture is refused later by
     * the evidence checks, like a native upload.
     */
    static VendorRead.Image decode(String name, String base64) {
        if (base64 == null || base64.length() < 16) {
            return null;
        }
        String data = base64.startsWith("data:") && base64.contains(",") ? base64.substring(base64.indexOf(',') + 1) : base64;
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(data);
            return VendorPayload.isPicture(bytes) ? new VendorRead.Image(name, bytes) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
