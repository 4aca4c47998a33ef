package dev.plateguard.server.notices;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A notice of a confirmed violation, as delivery and payment systems see it.
 *
 * @param fineSom      the fine in som at the BRV in force on the offence date
 * @param discounts    reduced amounts and the last day each applies (Asia/Tashkent dates)
 */
public record Notice(long id, String number, long violationId, int policyVersion, Instant issuedAt, long fineSom,
                     List<DiscountOffer> discounts, LocalDate paymentDeadline, LocalDate appealDeadline, String state,
                     Offence offence) {

    public record DiscountOffer(LocalDate until, int percent, long amountSom) {
    }

    /** What was done, where and when; the plate is the vehicle's, the owner is resolved by the delivery system. */
    public record Offence(String type, String article, Instant occurredAt, String siteName, double latitude,
                          double longitude, String plate, String plateCountry, tools.jackson.databind.JsonNode measured) {
    }
}
