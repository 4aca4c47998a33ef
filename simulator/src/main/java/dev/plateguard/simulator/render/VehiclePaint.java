package dev.plateguard.simulator.render;

import java.awt.Color;
import java.util.Map;

/** RGB for the colour names the traffic model gives vehicles. */
final class VehiclePaint {

    private static final Map<String, Color> COLOURS = Map.ofEntries(
            Map.entry("white", new Color(0xEDEDEA)), Map.entry("silver", new Color(0xB8BCC0)),
            Map.entry("grey", new Color(0x7C8086)), Map.entry("black", new Color(0x1C1D20)),
            Map.entry("blue", new Color(0x2F5DA8)), Map.entry("dark blue", new Color(0x1E2E57)),
            Map.entry("red", new Color(0xA82424)), Map.entry("beige", new Color(0xCDBB94)),
            Map.entry("green", new Color(0x2E6B3A)), Map.entry("brown", new Color(0x5C3B24)),
            Map.entry("yellow", new Color(0xD9B21E)));

    private VehiclePaint() {
    }

    static Color of(String name) {
        return COLOURS.getOrDefault(name, Color.GRAY);
    }
}
