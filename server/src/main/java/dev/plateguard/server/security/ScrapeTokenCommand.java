package dev.plateguard.server.security;

import java.util.HexFormat;

import dev.plateguard.server.identity.Secrets;

/**
 * {@code bin/plateguard scrape-token}: makes a new metrics scrape token ({@code pgm_…}) and prints it with the
 * SHA-256 to configure ({@code PLATEGUARD_METRICS_SCRAPE_TOKEN_SHA256}). The token goes to Prometheus only
 * ({@code authorization.credentials_file}); the server keeps just the hash. Starts nothing, touches no data.
 */
public final class ScrapeTokenCommand {

    private ScrapeTokenCommand() {
    }

    public static void main(String[] args) {
        String token = Secrets.generate(Secrets.SCRAPE_TOKEN_PREFIX);
        System.out.println("Scrape token (give it to Prometheus only; it is not shown again):");
        System.out.println("  " + token);
        System.out.println("Configure the server with its SHA-256 (a comma-separated list keeps an old token during a rotation):");
        System.out.println("  PLATEGUARD_METRICS_SCRAPE_TOKEN_SHA256=" + HexFormat.of().formatHex(Secrets.hash(token)));
    }
}
