package dev.plateguard.simulator.traffic;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.plateguard.simulator.network.Cluster;
import dev.plateguard.simulator.network.DeployedSite;

/**
 * Roads between sites: within a cluster, each site links to its nearest neighbours closer than the cluster's
 * {@link Cluster#maxLinkKm()}. Road length is the straight distance times a detour factor, as streets are not
 * straight.
 */
public final class RoadNetwork {

    /** Road distance over straight distance, a typical urban circuity. */
    public static final double DETOUR = 1.3;
    private static final int MAX_NEIGHBOURS = 4;

    private final Map<Long, List<DeployedSite>> neighbours;
    private final List<Area> areas;
    private final Map<Long, Area> areaOfSite;

    private RoadNetwork(Map<Long, List<DeployedSite>> neighbours, List<Area> areas) {
        this.neighbours = neighbours;
        this.areas = areas;
        this.areaOfSite = new HashMap<>();
        areas.forEach(area -> area.sites().forEach(site -> areaOfSite.put(site.id(), area)));
    }

    /** Links the sites that have at least one camera; sites without cameras see no traffic. */
    public static RoadNetwork connect(List<DeployedSite> sites) {
        List<DeployedSite> live = sites.stream().filter(s -> !s.cameras().isEmpty()).toList();
        Map<Long, Set<DeployedSite>> links = new LinkedHashMap<>();
        live.forEach(s -> links.put(s.id(), new LinkedHashSet<>()));
        for (DeployedSite site : live) {
            live.stream()
                    .filter(other -> other.id() != site.id() && other.cluster() == site.cluster())
                    .filter(other -> other.point().distanceKm(site.point()) <= site.cluster().maxLinkKm())
                    .sorted(Comparator.comparingDouble(other -> other.point().distanceKm(site.point())))
                    .limit(MAX_NEIGHBOURS)
                    .forEach(other -> {
                        links.get(site.id()).add(other);
                        links.get(other.id()).add(site); // roads run both ways
                    });
        }
        joinCities(live, links);
        Map<Long, List<DeployedSite>> neighbours = new HashMap<>();
        links.forEach((id, set) -> neighbours.put(id, List.copyOf(set)));
        // Areas: connected components, in site order so that ids are stable.
        List<Area> areas = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (DeployedSite start : live) {
            if (!seen.add(start.id())) {
                continue;
            }
            List<DeployedSite> component = new ArrayList<>();
            ArrayDeque<DeployedSite> queue = new ArrayDeque<>(List.of(start));
            while (!queue.isEmpty()) {
                DeployedSite site = queue.poll();
                component.add(site);
                for (DeployedSite next : neighbours.get(site.id())) {
                    if (seen.add(next.id())) {
                        queue.add(next);
                    }
                }
            }
            areas.add(new Area(areas.size(), start.cluster(), component, commonestRegionCode(component)));
        }
        return new RoadNetwork(neighbours, List.copyOf(areas));
    }

    /**
     * A city's roads all connect: any part left apart (an outlying road site) is joined to the rest by its
     * shortest link. Border roads stay apart; they lead to crossings hundreds of kilometres from each other.
     */
    private static void joinCities(List<DeployedSite> live, Map<Long, Set<DeployedSite>> links) {
        for (Cluster cluster : Cluster.values()) {
            if (cluster.border()) {
                continue;
            }
            while (true) {
                List<DeployedSite> inCluster = live.stream().filter(s -> s.cluster() == cluster).toList();
                if (inCluster.isEmpty()) {
                    break;
                }
                Set<Long> reached = new HashSet<>();
                ArrayDeque<DeployedSite> queue = new ArrayDeque<>(List.of(inCluster.getFirst()));
                reached.add(inCluster.getFirst().id());
                while (!queue.isEmpty()) {
                    for (DeployedSite next : links.get(queue.poll().id())) {
                        if (reached.add(next.id())) {
                            queue.add(next);
                        }
                    }
                }
                DeployedSite bestA = null, bestB = null;
                for (DeployedSite a : inCluster) {
                    for (DeployedSite b : inCluster) {
                        if (reached.contains(a.id()) && !reached.contains(b.id()) && (bestA == null
                                || a.point().distanceKm(b.point()) < bestA.point().distanceKm(bestB.point()))) {
                            bestA = a;
                            bestB = b;
                        }
                    }
                }
                if (bestA == null) {
                    break;
                }
                links.get(bestA.id()).add(bestB);
                links.get(bestB.id()).add(bestA);
            }
        }
    }

    public List<Area> areas() {
        return areas;
    }

    public Area areaOf(DeployedSite site) {
        return areaOfSite.get(site.id());
    }

    public List<DeployedSite> neighbours(DeployedSite site) {
        return neighbours.getOrDefault(site.id(), List.of());
    }

    public boolean linked(DeployedSite a, DeployedSite b) {
        return neighbours(a).stream().anyMatch(n -> n.id() == b.id());
    }

    public static double roadKm(DeployedSite from, DeployedSite to) {
        return from.point().distanceKm(to.point()) * DETOUR;
    }

    private static String commonestRegionCode(List<DeployedSite> sites) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        sites.forEach(s -> counts.merge(s.plan().place().regionCode(), 1, Integer::sum));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
