package dev.plateguard.server.evidence;

/** The evidence formats PlateGuard accepts, identified by their bytes, not by what the client claims. */
public enum MediaType {
    JPEG("image/jpeg"), PNG("image/png"), MP4("video/mp4");

    private final String mime;

    MediaType(String mime) {
        this.mime = mime;
    }

    public String mime() {
        return mime;
    }

    public boolean isImage() {
        return this != MP4;
    }
}
