package dev.plateguard.server.reads;

import org.springframework.stereotype.Component;

import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.recognition.ReadOpening;

/** The reads module's rules for opening a read, as the recognition module asks for them. */
@Component
class RecognitionReadOpening implements ReadOpening {

    private final ReadAccess access;

    RecognitionReadOpening(ReadAccess access) {
        this.access = access;
    }

    @Override
    public void open(UserPrincipal user, long readId, String purpose, String caseNumber, String reason) {
        access.view(user, readId, purpose, caseNumber, reason, "recognitions");
    }
}
