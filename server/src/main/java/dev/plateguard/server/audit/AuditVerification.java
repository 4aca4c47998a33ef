package dev.plateguard.server.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/** How a verification is shown: the API's JSON body and the details recorded in the audit. */
final class AuditVerification {

    private AuditVerification() {
    }

    static Map<String, Object> body(AuditVerifier.Verification result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("intact", result.intact());
        body.put("entries", result.entries());
        body.put("checkpointsChecked", result.checkpointsChecked());
        body.put("headId", result.headId());
        body.put("headHash", result.headHash());
        body.put("firstSeq", result.firstSeq());
        body.put("verifiedAt", result.verifiedAt());
        if (result.firstBroken() != null) {
            AuditVerifier.Break broken = result.firstBroken();
            Map<String, Object> first = new LinkedHashMap<>();
            first.put("id", broken.id());
            first.put("reason", broken.reason().code());
            first.put("detail", broken.detail());
            first.put("lastIntactId", broken.lastIntactId());
            body.put("firstBroken", first);
        } else {
            body.put("firstBroken", null);
        }
        return body;
    }

    static Map<String, Object> details(AuditVerifier.Verification result) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("intact", result.intact());
        details.put("entries", result.entries());
        details.put("checkpoints", result.checkpointsChecked());
        if (result.firstBroken() != null) {
            details.put("firstBrokenId", result.firstBroken().id());
            details.put("reason", result.firstBroken().reason().code());
        }
        return details;
    }

    /** One line for people and scripts: "intact: …" or "BROKEN at entry …: reason (detail)". */
    static String summary(AuditVerifier.Verification result) {
        if (result.intact()) {
            return "Audit log intact: " + result.entries() + " entries, head id " + result.headId() + ", "
                    + result.checkpointsChecked() + " checkpoints checked"
                    + (result.firstSeq() != null && result.firstSeq() > 1
                    ? "; entries before position " + result.firstSeq() + " were purged by retention (signed anchor)" : "");
        }
        AuditVerifier.Break broken = result.firstBroken();
        return "Audit log BROKEN at entry " + (broken.id() == null ? "-" : broken.id()) + ": " + broken.reason().code()
                + " (" + broken.detail() + ")" + (broken.lastIntactId() == null ? "" : "; last intact entry "
                + broken.lastIntactId()) + "; " + result.entries() + " entries verified before it";
    }
}
