package dev.plateguard.simulator.device;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A {@code multipart/form-data} body (RFC 7578): the metadata part, then each image. */
public record MultipartBody(String boundary, byte[] bytes) {

    public static MultipartBody of(ReadUpload upload) {
        String boundary = "pgsim" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream(upload.metadataJson().length
                + upload.images().stream().mapToInt(i -> i.bytes().length + 200).sum() + 400);
        write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json\r\n\r\n");
        out.writeBytes(upload.metadataJson());
        for (ImagePart image : upload.images()) {
            write(out, "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\""
                    + image.filename() + "\"\r\nContent-Type: " + image.contentType() + "\r\n\r\n");
            out.writeBytes(image.bytes());
        }
        write(out, "\r\n--" + boundary + "--\r\n");
        return new MultipartBody(boundary, out.toByteArray());
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
