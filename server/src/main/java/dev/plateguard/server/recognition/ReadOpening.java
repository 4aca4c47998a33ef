package dev.plateguard.server.recognition;

import dev.plateguard.server.identity.UserPrincipal;

/**
 * Whether a user may open a read, by the rules of the reads module (scope; within the live window freely, older
 * only under a purpose and case, within the age tier and volume limits; audited as a read view). Recognitions show
 * the read's plate, so listing them opens the read. Implemented by the reads module, which depends on this one.
 */
public interface ReadOpening {

    /**
     * @throws dev.plateguard.server.validation.Refusal not found (also outside the scope), or a purpose and case
     *                                                  needed, or refused by the age tier or volume limits
     */
    void open(UserPrincipal user, long readId, String purpose, String caseNumber, String reason);
}
