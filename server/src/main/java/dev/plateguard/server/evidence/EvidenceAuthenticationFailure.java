package dev.plateguard.server.evidence;

import java.io.IOException;

/** Encrypted evidence that does not decrypt: its bytes were altered or swapped, or its data key is gone. */
public class EvidenceAuthenticationFailure extends IOException {

    EvidenceAuthenticationFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
