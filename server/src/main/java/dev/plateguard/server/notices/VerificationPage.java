package dev.plateguard.server.notices;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import dev.plateguard.server.security.LoginThrottle;

/**
 * Public check that a notice is genuine. It answers only yes/no, the issue date, the state and the article:
 * no plate, no place, no owner, no amount. Failed checks count towards a per-IP throttle of their own, so codes
 * cannot be guessed at scale and guessing does not lock staff out of signing in.
 */
@Controller
class VerificationPage {

    private final NoticeBook book;
    private final VerificationCodes codes;
    private final LoginThrottle throttle;

    VerificationPage(NoticeBook book, VerificationCodes codes, LoginThrottle throttle) {
        this.book = book;
        this.codes = codes;
        this.throttle = throttle;
    }

    @GetMapping("/verify")
    String page(@RequestParam(required = false) String number, @RequestParam(required = false) String code,
                HttpServletRequest request, Model model) {
        if (number != null && code != null) {
            model.addAttribute("result", check(number, code, request.getRemoteAddr()));
        }
        model.addAttribute("number", number);
        return "notices/verify";
    }

    @GetMapping(path = "/api/v1/public/notices/verify", produces = "application/json")
    @ResponseBody
    ResponseEntity<Map<String, Object>> api(@RequestParam String number, @RequestParam String code, HttpServletRequest request) {
        Map<String, Object> result = check(number, code, request.getRemoteAddr());
        return ResponseEntity.status(Boolean.TRUE.equals(result.get("throttled")) ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.OK)
                .body(result);
    }

    private Map<String, Object> check(String number, String code, String ip) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (throttle.isVerificationBlocked(ip)) {
            result.put("genuine", false);
            result.put("throttled", true);
            return result;
        }
        String n = number.strip().toUpperCase(java.util.Locale.ROOT);
        var notice = n.length() <= 40 ? book.findByNumber(n) : java.util.Optional.<Notice>empty();
        boolean genuine = notice.isPresent() && codes.matches(n, code);
        result.put("genuine", genuine);
        if (genuine) {
            result.put("number", n);
            result.put("issuedOn", notice.get().issuedAt().atZone(java.time.ZoneId.of("Asia/Tashkent")).toLocalDate().toString());
            result.put("state", notice.get().state());
            result.put("article", notice.get().offence().article());
        } else {
            throttle.recordVerificationFailure(ip);
        }
        return result;
    }
}
