package dev.plateguard.server.evidence;

import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.UserPrincipal;

/** ADMIN's page for evidence at rest: master keys, data keys per key, and the progress of migration and rotation. */
@Controller
class EvidenceEncryptionPages {

    private final EvidenceEncryption encryption;
    private final MasterKeys masterKeys;
    private final AuditLog audit;
    private final MessageSource messages;

    EvidenceEncryptionPages(EvidenceEncryption encryption, MasterKeys masterKeys, AuditLog audit, MessageSource messages) {
        this.encryption = encryption;
        this.masterKeys = masterKeys;
        this.audit = audit;
        this.messages = messages;
    }

    @GetMapping("/admin/evidence-encryption")
    String show(Model model) {
        model.addAttribute("status", encryption.status());
        return "evidence/encryption";
    }

    @PostMapping("/admin/evidence-encryption/rotation")
    String rotate(@AuthenticationPrincipal UserPrincipal user, RedirectAttributes redirect, Locale locale) {
        if (encryption.startRotation(user.username())) {
            audit.record("evidence.key.rotation.start", "master-key:" + masterKeys.activeKeyId(), AuditLog.Outcome.SUCCESS);
            redirect.addFlashAttribute("flash", messages.getMessage("evidence.encryption.rotation.started",
                    new Object[] {masterKeys.activeKeyId()}, locale));
        } else {
            redirect.addFlashAttribute("flashError", messages.getMessage("evidence.encryption.rotation.running", null, locale));
        }
        return "redirect:/admin/evidence-encryption";
    }
}
