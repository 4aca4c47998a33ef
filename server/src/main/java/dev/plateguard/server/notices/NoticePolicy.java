package dev.plateguard.server.notices;

import java.time.LocalDate;
import java.util.List;

/**
 * Deadlines and discounts a notice is issued under (law, so data: table notice_policy).
 *
 * @param discounts best first: paying within {@code withinDays} of the notice costs {@code percent}% less
 */
public record NoticePolicy(int version, LocalDate validFrom, int paymentDays, int appealDays, List<Discount> discounts,
                           boolean discountForRepeat, String appealWhere) {

    public record Discount(int withinDays, int percent) {
    }
}
