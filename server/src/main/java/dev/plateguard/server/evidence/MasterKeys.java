package dev.plateguard.server.evidence;

import java.security.GeneralSecurityException;
import java.util.Set;

/**
 * The key service that wraps and unwraps evidence data keys: a master key never leaves it. The embedded default is
 * {@link FileMasterKeys}; a deployment with a key-management service (AWS KMS, Vault transit, an HSM) implements this
 * interface as a bean of its own, and every data key is wrapped there instead.
 */
public interface MasterKeys {

    /** The key new data keys are wrapped under. */
    String activeKeyId();

    /** Every key that can unwrap: the active one and those kept until a rotation has re-wrapped their data keys. */
    Set<String> keyIds();

    /** Encrypts {@code dataKey} under the master key {@code keyId}, bound to {@code context}. */
    byte[] wrap(String keyId, byte[] dataKey, byte[] context) throws GeneralSecurityException;

    /** The data key, or a {@link GeneralSecurityException} for an unknown key id, a wrong context or altered bytes. */
    byte[] unwrap(String keyId, byte[] wrapped, byte[] context) throws GeneralSecurityException;

    /** Re-reads the keys from their source, so that a key added for a rotation is used without a restart. */
    default void reload() {
    }
}
