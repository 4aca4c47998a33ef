package dev.plateguard.server.security;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.web.webauthn.api.AttestationConveyancePreference;
import org.springframework.security.web.webauthn.api.AuthenticationExtensionsClientInputs;
import org.springframework.security.web.webauthn.api.AuthenticatorAttachment;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialDescriptor;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.registration.PublicKeyCredentialCreationOptionsRepository;

/**
 * Keeps a passkey registration's options (its challenge above all) in the session between the options request and
 * the registration, which any node may serve: sessions live in the database, so what they hold is serialised, and
 * Spring Security's {@code PublicKeyCredentialCreationOptions} is not {@link Serializable}. A {@link Snapshot} of its
 * values is, and gives the same options back.
 */
final class PasskeyCreationOptions implements PublicKeyCredentialCreationOptionsRepository {

    static final String ATTRIBUTE = PasskeyCreationOptions.class.getName();

    private static final PublicKeyCredentialParameters[] KNOWN_ALGORITHMS = {
            PublicKeyCredentialParameters.EdDSA, PublicKeyCredentialParameters.ES256, PublicKeyCredentialParameters.ES384,
            PublicKeyCredentialParameters.ES512, PublicKeyCredentialParameters.RS256, PublicKeyCredentialParameters.RS384,
            PublicKeyCredentialParameters.RS512, PublicKeyCredentialParameters.RS1};

    /** The options' values, all of them serialisable. */
    record Snapshot(String rpId, String rpName, PublicKeyCredentialUserEntity user, Bytes challenge, List<Long> algorithms,
                    Duration timeout, List<PublicKeyCredentialDescriptor> excludeCredentials,
                    AuthenticatorAttachment attachment, String residentKey, UserVerificationRequirement userVerification,
                    String attestation, AuthenticationExtensionsClientInputs extensions) implements Serializable {

        static Snapshot of(PublicKeyCredentialCreationOptions o) {
            AuthenticatorSelectionCriteria selection = o.getAuthenticatorSelection();
            return new Snapshot(o.getRp().getId(), o.getRp().getName(), o.getUser(), o.getChallenge(),
                    o.getPubKeyCredParams().stream().map(p -> p.getAlg().getValue()).toList(), o.getTimeout(),
                    o.getExcludeCredentials() == null ? null : List.copyOf(o.getExcludeCredentials()),
                    selection == null ? null : selection.getAuthenticatorAttachment(),
                    selection == null || selection.getResidentKey() == null ? null : selection.getResidentKey().getValue(),
                    selection == null ? null : selection.getUserVerification(),
                    o.getAttestation() == null ? null : o.getAttestation().getValue(), o.getExtensions());
        }

        PublicKeyCredentialCreationOptions options() {
            var builder = PublicKeyCredentialCreationOptions.builder()
                    .rp(PublicKeyCredentialRpEntity.builder().id(rpId).name(rpName).build())
                    .user(user)
                    .challenge(challenge)
                    .pubKeyCredParams(algorithms.stream().map(Snapshot::parameters).toList())
                    .timeout(timeout)
                    .excludeCredentials(excludeCredentials)
                    .extensions(extensions);
            if (attachment != null || residentKey != null || userVerification != null) {
                builder.authenticatorSelection(AuthenticatorSelectionCriteria.builder().authenticatorAttachment(attachment)
                        .residentKey(residentKey == null ? null : ResidentKeyRequirement.valueOf(residentKey))
                        .userVerification(userVerification).build());
            }
            if (attestation != null) {
                builder.attestation(AttestationConveyancePreference.valueOf(attestation));
            }
            return builder.build();
        }

        private static PublicKeyCredentialParameters parameters(long algorithm) {
            return Stream.of(KNOWN_ALGORITHMS).filter(p -> p.getAlg().getValue() == algorithm).findFirst()
                    .orElseThrow(() -> new IllegalStateException("unknown COSE algorithm " + algorithm));
        }
    }

    @Override
    public void save(HttpServletRequest request, HttpServletResponse response, PublicKeyCredentialCreationOptions options) {
        if (options == null) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.removeAttribute(ATTRIBUTE);
            }
            return;
        }
        request.getSession().setAttribute(ATTRIBUTE, Snapshot.of(options));
    }

    @Override
    public PublicKeyCredentialCreationOptions load(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(ATTRIBUTE) instanceof Snapshot snapshot ? snapshot.options() : null;
    }
}
