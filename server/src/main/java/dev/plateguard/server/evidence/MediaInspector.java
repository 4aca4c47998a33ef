package dev.plateguard.server.evidence;

import java.util.Optional;

/**
 * Checks evidence bytes before anything is stored: the real type from magic numbers, declared image size from
 * the header (to refuse decompression bombs without decoding), and structural completeness (a JPEG must end
 * with EOI, a PNG with IEND). Decoding whole images would cost milliseconds per read at ingest rates; the
 * header walk costs microseconds and catches truncation and type spoofing.
 */
public final class MediaInspector {

    /** What was found. Width and height are null for video. */
    public record Inspection(MediaType type, Integer width, Integer height) {
    }

    public static final class RejectedMedia extends Exception {
        private final boolean tooLarge;

        RejectedMedia(String message, boolean tooLarge) {
            super(message);
            this.tooLarge = tooLarge;
        }

        /** True for a decompression bomb (declared size over the limit) rather than malformed bytes. */
        public boolean tooLarge() {
            return tooLarge;
        }
    }

    private MediaInspector() {
    }

    public static Optional<MediaType> sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return Optional.of(MediaType.JPEG);
        }
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
                && b[4] == 0x0D && b[5] == 0x0A && b[6] == 0x1A && b[7] == 0x0A) {
            return Optional.of(MediaType.PNG);
        }
        if (b.length >= 12 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p') {
            return Optional.of(MediaType.MP4);
        }
        return Optional.empty();
    }

    public static Inspection inspect(byte[] bytes, long maxPixels) throws RejectedMedia {
        MediaType type = sniff(bytes).orElseThrow(() -> new RejectedMedia("is not a JPEG, PNG or MP4 file", false));
        return switch (type) {
            case JPEG -> jpeg(bytes, maxPixels);
            case PNG -> png(bytes, maxPixels);
            case MP4 -> mp4(bytes);
        };
    }

    private static Inspection jpeg(byte[] b, long maxPixels) throws RejectedMedia {
        int end = b.length;
        // Some encoders pad after EOI; tolerate a little padding but require the marker.
        while (end > 2 && b[end - 1] == 0) {
            end--;
        }
        if (end < 4 || (b[end - 2] & 0xff) != 0xFF || (b[end - 1] & 0xff) != 0xD9) {
            throw new RejectedMedia("JPEG is truncated (no end-of-image marker)", false);
        }
        int i = 2;
        while (i + 4 <= end) {
            if ((b[i] & 0xff) != 0xFF) {
                throw new RejectedMedia("JPEG is corrupt (bad segment marker at byte " + i + ")", false);
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xFF) { // fill byte
                i++;
                continue;
            }
            if (marker == 0xD8 || marker >= 0xD0 && marker <= 0xD7 || marker == 0x01) {
                i += 2;
                continue;
            }
            int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            if (length < 2 || i + 2 + length > end) {
                throw new RejectedMedia("JPEG is truncated (segment runs past the end)", false);
            }
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                if (length < 7) {
                    throw new RejectedMedia("JPEG frame header is corrupt", false);
                }
                int height = ((b[i + 5] & 0xff) << 8) | (b[i + 6] & 0xff);
                int width = ((b[i + 7] & 0xff) << 8) | (b[i + 8] & 0xff);
                return checkSize(MediaType.JPEG, width, height, maxPixels);
            }
            if (marker == 0xDA) {
                break; // scan data before any frame header
            }
            i += 2 + length;
        }
        throw new RejectedMedia("JPEG has no frame header", false);
    }

    private static Inspection png(byte[] b, long maxPixels) throws RejectedMedia {
        if (b.length < 8 + 25 + 12) {
            throw new RejectedMedia("PNG is truncated", false);
        }
        if (!(b[12] == 'I' && b[13] == 'H' && b[14] == 'D' && b[15] == 'R')) {
            throw new RejectedMedia("PNG is corrupt (first chunk is not IHDR)", false);
        }
        long width = readUInt(b, 16);
        long height = readUInt(b, 20);
        int t = b.length - 12;
        if (!(readUInt(b, t) == 0 && b[t + 4] == 'I' && b[t + 5] == 'E' && b[t + 6] == 'N' && b[t + 7] == 'D')) {
            throw new RejectedMedia("PNG is truncated (no IEND chunk)", false);
        }
        if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw new RejectedMedia("PNG declares " + width + "×" + height + " pixels, over the limit", true);
        }
        return checkSize(MediaType.PNG, (int) width, (int) height, maxPixels);
    }

    private static Inspection mp4(byte[] b) throws RejectedMedia {
        // Walk top-level boxes: every size must fit, and the file must contain a movie header box.
        long i = 0;
        boolean moov = false;
        while (i + 8 <= b.length) {
            long size = readUInt(b, (int) i);
            String box = new String(b, (int) i + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (size == 1 && i + 16 <= b.length) {
                size = ((readUInt(b, (int) i + 8)) << 32) | readUInt(b, (int) i + 12);
            } else if (size == 0) {
                size = b.length - i;
            }
            if (size < 8 || i + size > b.length) {
                throw new RejectedMedia("MP4 is truncated (box '" + box + "' runs past the end)", false);
            }
            moov |= box.equals("moov");
            i += size;
        }
        if (i != b.length || !moov) {
            throw new RejectedMedia("MP4 is incomplete (no movie header)", false);
        }
        return new Inspection(MediaType.MP4, null, null);
    }

    private static Inspection checkSize(MediaType type, int width, int height, long maxPixels) throws RejectedMedia {
        if (width <= 0 || height <= 0) {
            throw new RejectedMedia("image declares an empty size " + width + "×" + height, false);
        }
        if ((long) width * height > maxPixels) {
            throw new RejectedMedia("image declares " + width + "×" + height + " pixels, over the limit of "
                    + maxPixels, true);
        }
        return new Inspection(type, width, height);
    }

    private static long readUInt(byte[] b, int at) {
        return ((long) (b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
