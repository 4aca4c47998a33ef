package dev.plateguard.anpr;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jcodec.api.FrameGrab;
import org.jcodec.api.JCodecException;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.io.ByteBufferSeekableByteChannel;
import org.jcodec.common.model.Picture;
import org.jcodec.scale.AWTUtil;

/**
 * Frames of an MP4 clip (H.264), decoded in pure Java by JCodec: evenly spaced over the clip, so that a passing
 * vehicle is seen at several distances. Decoding is sequential (H.264 frames depend on the ones before), but only the
 * chosen frames are converted to images, and decoding stops after {@link #MAX_DECODED} frames whatever the clip
 * claims, which bounds the work a hostile file can cause.
 */
public final class VideoFrames {

    /** Frames decoded at most from one clip (12 s at 25 frames/s). */
    public static final int MAX_DECODED = 300;

    private VideoFrames() {
    }

    /**
     * Up to {@code wanted} frames spread evenly over the clip (the first and the last among them).
     *
     * @throws IllegalArgumentException when the bytes are not an MP4 with an H.264 video track JCodec can decode
     */
    public static List<BufferedImage> decode(byte[] mp4, int wanted) {
        if (wanted < 1) {
            throw new IllegalArgumentException("wanted must be at least 1");
        }
        try {
            FrameGrab grab = FrameGrab.createFrameGrab(new ByteBufferSeekableByteChannel(ByteBuffer.wrap(mp4), mp4.length));
            DemuxerTrackMeta meta = grab.getVideoTrack().getMeta();
            int total = Math.min(MAX_DECODED, Math.max(1, meta.getTotalFrames()));
            List<Integer> chosen = spread(total, wanted);
            List<BufferedImage> out = new ArrayList<>(chosen.size());
            int next = 0;
            for (int i = 0; i < total && next < chosen.size(); i++) {
                Picture p = grab.getNativeFrame();
                if (p == null) {
                    break;
                }
                if (i == chosen.get(next)) {
                    out.add(AWTUtil.toBufferedImage(p, meta.getOrientation()));
                    next++;
                }
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("the clip has no decodable video frame");
            }
            return out;
        } catch (IOException | JCodecException e) {
            throw new IllegalArgumentException("not a readable MP4 clip: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            // JCodec reports broken streams with unchecked exceptions of many kinds
            throw new IllegalArgumentException("not a decodable H.264 clip: " + e, e);
        }
    }

    /** {@code wanted} indices spread evenly over 0..total-1, first and last included, without repeats. */
    static List<Integer> spread(int total, int wanted) {
        int n = Math.min(total, wanted);
        List<Integer> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int i = n == 1 ? 0 : (int) Math.round(k * (total - 1) / (double) (n - 1));
            if (out.isEmpty() || out.getLast() != i) {
                out.add(i);
            }
        }
        return out;
    }
}
