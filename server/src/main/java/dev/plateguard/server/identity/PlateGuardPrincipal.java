package dev.plateguard.server.identity;

/** Who is calling: a person (session or personal token) or a camera (device key). */
public sealed interface PlateGuardPrincipal permits UserPrincipal, DevicePrincipal {

    /** Name written to the audit log. */
    String auditName();

    /** {@code user} or {@code device}, as stored in audit_event.actor_type. */
    String actorType();
}
