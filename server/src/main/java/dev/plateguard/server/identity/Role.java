package dev.plateguard.server.identity;

/**
 * What a person may do. Roles are deliberately disjoint: ADMIN manages the system but does not by itself
 * see reads or evidence, and AUDITOR sees only the audit log.
 */
public enum Role {
    /** Users, cameras, device keys and settings. No access to reads or evidence. */
    ADMIN,
    /** Reads and evidence; reviews violations. */
    OPERATOR,
    /** Everything an operator does, plus quality control of reviews. */
    SUPERVISOR,
    /** Searches reads across the network. */
    INVESTIGATOR,
    /** The audit log only. */
    AUDITOR,
    /** A delivery or payment system: exports notices and reports payment and appeal outcomes. No reads. */
    INTEGRATION;

    public String authority() {
        return "ROLE_" + name();
    }
}
