package dev.plateguard.server.identity;

/** A camera authenticated by one of its device keys. The camera is taken from the key, never from a request body. */
public record DevicePrincipal(long keyId, long cameraId, long siteId) implements PlateGuardPrincipal {

    @Override
    public String auditName() {
        return "camera:" + cameraId + "/key:" + keyId;
    }

    @Override
    public String actorType() {
        return "device";
    }
}
