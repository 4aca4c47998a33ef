package dev.plateguard.server.audit;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

import dev.plateguard.server.identity.PlateGuardPrincipal;

/**
 * Appends to the audit log. Called inside the caller's transaction where there is one, so an admin change
 * and its audit entry commit or roll back together. The table itself refuses UPDATE and DELETE, and every entry is
 * chained to the one before it under a key kept outside the database ({@link AuditChainWriter}), so that an edit,
 * deletion or insertion behind the application's back is found by {@link AuditVerifier}.
 *
 * <p>Unlike services, which are handed the acting user, the log reads the security context itself: every audited
 * request is attributed to its authenticated principal, whoever calls the log, so no caller can attribute an
 * entry to someone else or leave the actor out.
 */
@Component
public class AuditLog {

    public enum Outcome { SUCCESS, FAILURE, DENIED }

    private final AuditChainWriter chain;
    private final JsonMapper json = JsonMapper.builder().build();

    AuditLog(AuditChainWriter chain) {
        this.chain = chain;
    }

    /** Records an action by whoever is authenticated on the current request (or "anonymous"). */
    public void record(String action, String target, Outcome outcome, Map<String, ?> details) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof PlateGuardPrincipal principal) {
            write(principal.actorType(), principal.auditName(), action, target, outcome, details);
        } else {
            write("anonymous", "anonymous", action, target, outcome, details);
        }
    }

    public void record(String action, String target, Outcome outcome) {
        record(action, target, outcome, null);
    }

    /** Records an action for a named actor that is not (yet) authenticated, e.g. a failed login as "alice". */
    public void recordFor(String actorType, String actor, String action, String target, Outcome outcome,
                          Map<String, ?> details) {
        write(actorType, actor, action, target, outcome, details);
    }

    public void recordSystem(String action, String target, Outcome outcome, Map<String, ?> details) {
        write("system", "plateguard", action, target, outcome, details);
    }

    private void write(String actorType, String actor, String action, String target, Outcome outcome,
                       Map<String, ?> details) {
        chain.append(actorType, actor, action, target, outcome.name().toLowerCase(), clientIp(),
                details == null || details.isEmpty() ? null : json.writeValueAsString(details));
    }

    static String clientIp() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return request.getRemoteAddr();
        }
        return null;
    }
}
