package dev.plateguard.simulator.render;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/** What makes a real ANPR crop hard to read; a degraded read suffers one or two of these. */
public enum Degradation {
    /** Motion or focus blur. */
    BLUR,
    /** Under-exposure, with the sensor noise that comes with it. */
    LOW_LIGHT,
    /** The plate seen at an angle (shear and tilt) rather than head-on. */
    ANGLE,
    /** Mud, dust and spots on the plate. */
    DIRT;

    /** One kind, or two distinct kinds a third of the time. */
    public static Set<Degradation> draw(RandomGenerator random) {
        List<Degradation> all = List.of(values());
        Set<Degradation> out = EnumSet.of(all.get(random.nextInt(all.size())));
        if (random.nextDouble() < 1 / 3.0) {
            out.add(all.get(random.nextInt(all.size())));
        }
        return out;
    }
}
