package dev.plateguard.simulator.network;

import java.util.Arrays;

/** The camera kinds the server knows ({@code Camera.KINDS}), with what each one sees. */
public enum CameraKind {
    ANPR("anpr", "ANPR", true, true),
    OVERVIEW("overview", "Overview", false, false),
    RED_LIGHT("red_light", "Red light", true, true),
    SPEED("speed", "Speed", true, true);

    private final String apiName;
    private final String label;
    private final boolean measuresSpeed;
    private final boolean directional;

    CameraKind(String apiName, String label, boolean measuresSpeed, boolean directional) {
        this.apiName = apiName;
        this.label = label;
        this.measuresSpeed = measuresSpeed;
        this.directional = directional;
    }

    /** The name in the API ({@code kind} field). */
    public String apiName() {
        return apiName;
    }

    /** Human label used in camera names. */
    public String label() {
        return label;
    }

    /** Whether its reads carry a measured speed (radar or section timing). */
    public boolean measuresSpeed() {
        return measuresSpeed;
    }

    /** Whether it watches one approach (front plates of oncoming traffic) rather than the whole junction. */
    public boolean directional() {
        return directional;
    }

    /** The kind for an API name; a kind this simulator does not know is read as ANPR. */
    public static CameraKind fromApi(String name) {
        return Arrays.stream(values()).filter(k -> k.apiName.equals(name)).findFirst().orElse(ANPR);
    }
}
