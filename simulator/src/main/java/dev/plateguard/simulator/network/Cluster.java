package dev.plateguard.simulator.network;

/**
 * A group of camera sites, as in the deployed system the project models (domain-uz.md §4.1): most sites in
 * Tashkent, others in Jizzakh, Qarshi and Namangan, and a few on rural roads near the Tajik border.
 *
 * @param share         fraction of all sites placed in this cluster
 * @param maxLinkKm     sites closer than this are joined by a road that simulated vehicles drive along
 * @param trafficWeight relative number of vehicles per site (a Tashkent junction carries tens of thousands a day,
 *                      domain-uz.md §4.3; a border road far fewer)
 * @param border        whether its roads lead to a border crossing (more neighbour-country plates)
 */
public enum Cluster {
    TASHKENT(0.58, 3.6, 1.0, false),
    JIZZAKH(0.12, 6.0, 0.55, false),
    QARSHI(0.11, 6.0, 0.55, false),
    NAMANGAN(0.12, 6.0, 0.6, false),
    TAJIK_BORDER(0.07, 12.0, 0.3, true);

    private final double share;
    private final double maxLinkKm;
    private final double trafficWeight;
    private final boolean border;

    Cluster(double share, double maxLinkKm, double trafficWeight, boolean border) {
        this.share = share;
        this.maxLinkKm = maxLinkKm;
        this.trafficWeight = trafficWeight;
        this.border = border;
    }

    public double share() {
        return share;
    }

    public double maxLinkKm() {
        return maxLinkKm;
    }

    public double trafficWeight() {
        return trafficWeight;
    }

    public boolean border() {
        return border;
    }
}
