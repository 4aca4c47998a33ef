package dev.plateguard.server.reads;

/** The purpose and case query parameters an investigative search or journey needs, for tests in any package. */
public final class InvestigationParams {

    /** A seeded purpose code. */
    public static final String PURPOSE = "stolen-vehicle";
    /** A case number in the default format. */
    public static final String CASE = "CR-2026-000123";
    /** {@code &purpose=...&case=...}, to append to a query that already has a parameter. */
    public static final String QUERY = "&purpose=" + PURPOSE + "&case=" + CASE;

    private InvestigationParams() {
    }
}
