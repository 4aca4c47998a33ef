package dev.plateguard.simulator.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Makes the server hold the planned network, reusing what an earlier run built there: sites are matched by name,
 * cameras by name within their site. Device keys are shown only once, so every run revokes each camera's active
 * keys and issues a fresh one.
 */
public final class NetworkProvisioner {

    /** Concurrent admin calls: enough to build 300 cameras in seconds, few enough not to crowd a small server. */
    private static final int PARALLELISM = 8;

    private final AdminClient admin;
    private final Consumer<String> log;

    public NetworkProvisioner(AdminClient admin, Consumer<String> log) {
        this.admin = admin;
        this.log = log;
    }

    public DeployedNetwork provision(List<SitePlan> plans) throws InterruptedException {
        Map<String, AdminClient.ServerSite> existing = new HashMap<>();
        admin.sites().forEach(s -> existing.put(s.name(), s));
        AtomicInteger sitesReused = new AtomicInteger(), sitesCreated = new AtomicInteger();
        AtomicInteger camerasReused = new AtomicInteger(), camerasCreated = new AtomicInteger(), revoked = new AtomicInteger();
        Semaphore slots = new Semaphore(PARALLELISM);
        List<Future<DeployedSite>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (SitePlan plan : plans) {
                AdminClient.ServerSite known = existing.get(plan.name());
                futures.add(executor.submit(() -> {
                    slots.acquire();
                    try {
                        AdminClient.ServerSite site = known;
                        if (site == null) {
                            site = admin.createSite(plan);
                            sitesCreated.incrementAndGet();
                        } else {
                            sitesReused.incrementAndGet();
                        }
                        return deploySite(plan, site, camerasReused, camerasCreated, revoked);
                    } finally {
                        slots.release();
                    }
                }));
            }
            List<DeployedSite> sites = new ArrayList<>();
            for (Future<DeployedSite> future : futures) {
                sites.add(future.get());
            }
            return new DeployedNetwork(sites, sitesReused.get(), sitesCreated.get(), camerasReused.get(),
                    camerasCreated.get(), revoked.get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private DeployedSite deploySite(SitePlan plan, AdminClient.ServerSite site, AtomicInteger reused,
                                    AtomicInteger created, AtomicInteger revoked) {
        Map<String, AdminClient.ServerCamera> existing = new HashMap<>();
        admin.cameras(site.id()).forEach(c -> existing.put(c.name(), c));
        List<DeployedCamera> cameras = new ArrayList<>();
        for (CameraPlan cameraPlan : plan.cameras()) {
            AdminClient.ServerCamera camera = existing.get(cameraPlan.name());
            if (camera == null) {
                camera = admin.createCamera(site.id(), cameraPlan);
                created.incrementAndGet();
            } else {
                reused.incrementAndGet();
            }
            if (!camera.active()) {
                // Switching a camera back on is an operator's decision; a key for it would be refused anyway.
                log.accept("camera " + camera.id() + " (" + site.name() + " / " + camera.name() + ") is inactive; it stays silent");
                continue;
            }
            for (AdminClient.ServerKey key : admin.keys(camera.id())) {
                if (key.active()) {
                    admin.revokeKey(camera.id(), key.id());
                    revoked.incrementAndGet();
                }
            }
            String deviceKey = admin.issueKey(camera.id());
            // The server's view wins over the plan: a camera made by an older plan keeps its own geometry.
            int limit = camera.speedLimitKmh() != null ? camera.speedLimitKmh() : cameraPlan.speedLimitKmh();
            cameras.add(new DeployedCamera(camera.id(), site.id(), camera.name(), CameraKind.fromApi(camera.kind()),
                    camera.heading(), camera.lanes(), limit, deviceKey));
        }
        return new DeployedSite(site.id(), plan, new GeoPoint(site.latitude(), site.longitude()), cameras);
    }
}
