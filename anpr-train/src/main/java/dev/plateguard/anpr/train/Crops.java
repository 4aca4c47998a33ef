package dev.plateguard.anpr.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Square training crops out of a whole detector input (zero-padded where the input is smaller). */
public final class Crops {

    private Crops() {
    }

    /**
     * A {@code size × size} crop. With probability {@code plateBias} it is placed so that a randomly chosen plate's
     * centre lies inside it; otherwise anywhere. Offsets are multiples of the stride so that cell centres stay on the
     * grid the runtime uses. Plates whose centre falls outside the crop are dropped.
     */
    public static DetectorExample crop(DetectorExample full, int size, Random r, double plateBias) {
        int w = full.width();
        int h = full.height();
        int s = DetectorNet.STRIDE;
        int maxX = Math.max(0, w - size);
        int maxY = Math.max(0, h - size);
        int x0;
        int y0;
        if (!full.plates().isEmpty() && r.nextDouble() < plateBias) {
            double[] c = DetectorTargets.centre(full.plates().get(r.nextInt(full.plates().size())));
            int margin = Math.min(size / 2 - 1, 24);
            int lo = (int) Math.max(0, Math.ceil(c[0] - size + margin));
            int hi = (int) Math.min(maxX, Math.floor(c[0] - margin));
            x0 = hi >= lo ? lo + r.nextInt(hi - lo + 1) : Math.min(maxX, Math.max(0, (int) c[0] - size / 2));
            lo = (int) Math.max(0, Math.ceil(c[1] - size + margin));
            hi = (int) Math.min(maxY, Math.floor(c[1] - margin));
            y0 = hi >= lo ? lo + r.nextInt(hi - lo + 1) : Math.min(maxY, Math.max(0, (int) c[1] - size / 2));
        } else {
            x0 = r.nextInt(maxX + 1);
            y0 = r.nextInt(maxY + 1);
        }
        x0 = x0 / s * s;
        y0 = y0 / s * s;
        float[] out = new float[3 * size * size];
        int cw = Math.min(size, w - x0);
        int ch = Math.min(size, h - y0);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < ch; y++) {
                System.arraycopy(full.chw(), c * w * h + (y0 + y) * w + x0, out, c * size * size + y * size, cw);
            }
        }
        List<double[]> plates = new ArrayList<>();
        for (double[] q : full.plates()) {
            double[] c = DetectorTargets.centre(q);
            if (c[0] >= x0 && c[0] < x0 + size && c[1] >= y0 && c[1] < y0 + size) {
                double[] t = q.clone();
                for (int k = 0; k < 8; k += 2) {
                    t[k] -= x0;
                    t[k + 1] -= y0;
                }
                plates.add(t);
            }
        }
        return new DetectorExample(out, size, size, plates);
    }
}
