package dev.plateguard.simulator.network;

import java.util.List;

/** A site the simulator wants on the server: its place and its 2–4 cameras. Time zone is always Asia/Tashkent. */
public record SitePlan(Place place, List<CameraPlan> cameras) {

    public static final String TIMEZONE = "Asia/Tashkent";

    public SitePlan {
        cameras = List.copyOf(cameras);
    }

    public String name() {
        return place.name();
    }
}
