package dev.plateguard.server.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * Where a webhook may point (docs/outbound.md, "Where a webhook may point"). A webhook makes the server send
 * requests on an administrator's word, so its address is checked twice against server-side request forgery: when
 * the subscription is saved, and before every delivery (a name may resolve elsewhere later). Refused: link-local
 * addresses (169.254.0.0/16 and fe80::/10, where cloud metadata services answer), the metadata addresses of the
 * clouds that put them elsewhere, the unspecified, multicast and broadcast addresses, and this machine (loopback)
 * unless {@code plateguard.outbound.webhooks.allow-loopback} is on. Private networks are allowed: receivers inside
 * an operator's own network are the common case. A URL is https, or plain http to loopback only.
 */
@Component
class WebhookTargets {

    static final int MAX_URL_LENGTH = 2000;

    /** Cloud metadata services outside the link-local range: AWS over IPv6, Alibaba Cloud. */
    private static final List<String> METADATA = List.of("fd00:ec2:0:0:0:0:0:254", "100.100.100.200");

    /** A target that may not be reached; {@link #getMessage()} says why, in English. */
    static final class Forbidden extends Exception {
        Forbidden(String message) {
            super(message);
        }
    }

    private final boolean allowLoopback;

    WebhookTargets(OutboundSettings settings) {
        this.allowLoopback = settings.webhooks().allowLoopback();
    }

    /** The URL, checked as a subscription's {@code field}; refused (400) with the reason otherwise. */
    URI check(String url, String field) {
        if (url == null || url.isBlank()) {
            throw Refusal.invalid(List.of(FieldProblem.coded(field, "required", "is required")));
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw Refusal.invalid(List.of(FieldProblem.coded(field, "tooLong",
                    "must be at most " + MAX_URL_LENGTH + " characters", MAX_URL_LENGTH)));
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid(field, "notUrl", "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !scheme.equals("https") && !scheme.equals("http")) {
            throw invalid(field, "notUrl", "must be an absolute https URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid(field, "userInfo", "must not carry a user name or password (the signature authenticates)");
        }
        if (uri.getRawFragment() != null) {
            throw invalid(field, "fragment", "must not have a fragment");
        }
        try {
            boolean loopback = addressesOf(uri);
            if (scheme.equals("http") && !loopback) {
                throw invalid(field, "httpsRequired", "must use https (plain http only to this machine, loopback)");
            }
        } catch (Forbidden e) {
            throw invalid(field, "forbiddenAddress", e.getMessage());
        }
        return uri;
    }

    /** Before each delivery: the host's addresses now. */
    void checkBeforeDelivery(URI uri) throws Forbidden {
        boolean loopback = addressesOf(uri);
        if ("http".equalsIgnoreCase(uri.getScheme()) && !loopback) {
            throw new Forbidden("plain http to an address other than loopback");
        }
    }

    /** Resolves the host and checks every address; answers whether they are all loopback. */
    private boolean addressesOf(URI uri) throws Forbidden {
        String host = uri.getHost();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw new Forbidden("the host " + host + " does not resolve");
        }
        boolean allLoopback = true;
        for (InetAddress address : addresses) {
            String refusal = refusal(address);
            if (refusal != null) {
                throw new Forbidden(host + " resolves to " + address.getHostAddress() + ", " + refusal);
            }
            allLoopback &= address.isLoopbackAddress();
        }
        return allLoopback;
    }

    /** Why an address may not be reached, or null. */
    String refusal(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return allowLoopback ? null : "this machine (loopback), which webhooks may not reach here";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address (cloud metadata services answer there)";
        }
        if (METADATA.contains(address.getHostAddress())) {
            return "a cloud metadata address";
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return "an unspecified or multicast address";
        }
        if (address instanceof Inet4Address v4 && (v4.getAddress()[0] == 0 || v4.getHostAddress().equals("255.255.255.255"))) {
            return "a reserved address";
        }
        if (address instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress()) {
            return "an IPv4-compatible IPv6 address";
        }
        return null;
    }

    private static Refusal invalid(String field, String code, String message) {
        return Refusal.invalid(List.of(FieldProblem.coded(field, code, message)));
    }
}
