package dev.plateguard.simulator.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Decides which sites and cameras the simulated network has. The plan depends only on the number of sites, never
 * on {@code --seed}, so that every run against the same server asks for the same names and reuses them.
 */
public final class NetworkPlanner {

    private static final String[] COMPASS = {"N", "NE", "E", "SE", "S", "SW", "W", "NW"};

    /** Camera kinds at a signalised city junction, by camera count; directional cameras take approaches in order. */
    private static final Map<Integer, List<List<CameraKind>>> JUNCTION_LAYOUTS = Map.of(
            2, List.of(List.of(CameraKind.RED_LIGHT, CameraKind.ANPR), List.of(CameraKind.SPEED, CameraKind.ANPR)),
            3, List.of(List.of(CameraKind.RED_LIGHT, CameraKind.ANPR, CameraKind.OVERVIEW),
                    List.of(CameraKind.RED_LIGHT, CameraKind.SPEED, CameraKind.ANPR),
                    List.of(CameraKind.ANPR, CameraKind.SPEED, CameraKind.OVERVIEW)),
            4, List.of(List.of(CameraKind.RED_LIGHT, CameraKind.ANPR, CameraKind.SPEED, CameraKind.OVERVIEW),
                    List.of(CameraKind.RED_LIGHT, CameraKind.RED_LIGHT, CameraKind.ANPR, CameraKind.OVERVIEW)));

    /** On a through road: one camera per direction, sometimes an overview. */
    private static final Map<Integer, List<List<CameraKind>>> ROAD_LAYOUTS = Map.of(
            2, List.of(List.of(CameraKind.SPEED, CameraKind.SPEED), List.of(CameraKind.SPEED, CameraKind.ANPR)),
            3, List.of(List.of(CameraKind.SPEED, CameraKind.SPEED, CameraKind.OVERVIEW),
                    List.of(CameraKind.SPEED, CameraKind.ANPR, CameraKind.OVERVIEW)));

    /** Sites per cluster for {@code total} sites: largest remainder of the cluster shares, at least one each. */
    public static Map<Cluster, Integer> siteCounts(int total) {
        if (total < 1) {
            throw new IllegalArgumentException("at least one site is needed");
        }
        Map<Cluster, Integer> counts = new EnumMap<>(Cluster.class);
        double[] remainders = new double[Cluster.values().length];
        int assigned = 0;
        for (Cluster cluster : Cluster.values()) {
            double exact = total * cluster.share();
            int floor = (int) Math.floor(exact);
            counts.put(cluster, floor);
            remainders[cluster.ordinal()] = exact - floor;
            assigned += floor;
        }
        Integer[] order = IntStream.range(0, remainders.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(remainders[b], remainders[a]));
        for (int i = 0; assigned < total; i = (i + 1) % order.length, assigned++) {
            counts.merge(Cluster.values()[order[i]], 1, Integer::sum);
        }
        if (total >= Cluster.values().length) {
            // Every cluster present; take the extra from Tashkent, which always has the most.
            for (Cluster cluster : Cluster.values()) {
                if (counts.get(cluster) == 0) {
                    counts.put(cluster, 1);
                    counts.merge(Cluster.TASHKENT, -1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /** The full plan: {@code total} sites across the clusters, each with 2–4 cameras. */
    public List<SitePlan> plan(int total) {
        List<SitePlan> out = new ArrayList<>(total);
        siteCounts(total).forEach((cluster, count) -> {
            for (Place place : Gazetteer.places(cluster, count)) {
                out.add(new SitePlan(place, cameras(place)));
            }
        });
        return List.copyOf(out);
    }

    /** A site's cameras, decided by a random stream seeded from its name so that they never change. */
    static List<CameraPlan> cameras(Place place) {
        SplittableRandom random = new SplittableRandom(place.name().hashCode() * 0x9E3779B97F4A7C15L);
        boolean junction = place.setting().urban();
        int count = junction ? pick(random, new int[]{2, 3, 4}, new double[]{0.2, 0.4, 0.4})
                : pick(random, new int[]{2, 3}, new double[]{0.6, 0.4});
        List<List<CameraKind>> layouts = (junction ? JUNCTION_LAYOUTS : ROAD_LAYOUTS).get(count);
        List<CameraKind> kinds = layouts.get(random.nextInt(layouts.size()));
        // Directions vehicles travel on the approaches: four arms at a junction, two directions on a road.
        int base = random.nextInt(90);
        int[] approaches = junction ? new int[]{base, base + 180, base + 90, base + 270} : new int[]{base, base + 180};
        int laneCount = switch (place.setting()) {
            case CENTRAL_TASHKENT -> 3 + random.nextInt(2);
            case CITY -> 2 + random.nextInt(2);
            case SETTLEMENT, OPEN_ROAD -> 2;
        };
        List<Integer> lanes = IntStream.rangeClosed(1, laneCount).boxed().toList();
        List<CameraPlan> cameras = new ArrayList<>();
        int directional = 0;
        for (int i = 0; i < kinds.size(); i++) {
            CameraKind kind = kinds.get(i);
            int travel = (approaches[kind.directional() ? directional++ % approaches.length : 0]) % 360;
            int heading = (travel + 180) % 360;
            String name = kind.directional()
                    ? kind.label() + " " + (i + 1) + " (" + compass(travel) + "-bound)"
                    : kind.label() + " " + (i + 1);
            cameras.add(new CameraPlan(name, kind, heading, lanes, place.setting().speedLimitKmh()));
        }
        return List.copyOf(cameras);
    }

    static String compass(int bearing) {
        return COMPASS[(int) Math.round(((bearing % 360) + 360) % 360 / 45.0) % 8];
    }

    private static int pick(SplittableRandom random, int[] values, double[] weights) {
        double r = random.nextDouble();
        for (int i = 0; i < values.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }
}
