package dev.plateguard.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.plateguard.plates.PlateText;
import dev.plateguard.simulator.device.DeliveryStats;
import dev.plateguard.simulator.device.DeviceClient;
import dev.plateguard.simulator.device.Heartbeats;
import dev.plateguard.simulator.device.PlateRecogniser;
import dev.plateguard.simulator.device.ReadComposer;
import dev.plateguard.simulator.device.ReadSender;
import dev.plateguard.simulator.device.ReadUpload;
import dev.plateguard.simulator.device.RetryPolicy;
import dev.plateguard.simulator.network.AdminClient;
import dev.plateguard.simulator.network.ApiException;
import dev.plateguard.simulator.network.DeployedNetwork;
import dev.plateguard.simulator.network.NetworkPlanner;
import dev.plateguard.simulator.network.NetworkProvisioner;
import dev.plateguard.simulator.render.EvidenceRenderer;
import dev.plateguard.simulator.render.PlateFont;
import dev.plateguard.simulator.render.PlateRenderer;
import dev.plateguard.simulator.traffic.Fleet;
import dev.plateguard.simulator.traffic.Offence;
import dev.plateguard.simulator.traffic.RoadNetwork;
import dev.plateguard.simulator.traffic.Sighting;
import dev.plateguard.simulator.traffic.TrafficCurve;
import dev.plateguard.simulator.traffic.TrafficModel;

/**
 * The simulator command: builds the camera network through the admin API, then lets the traffic model drive
 * reads through the device API in real time, with heartbeats, until the duration ends or it is interrupted.
 * A client of the public HTTP API only.
 */
public final class Simulator {

    static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(30);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final SimulatorOptions options;
    private final PrintStream out;
    private final DeliveryStats delivery = new DeliveryStats();
    private final Map<Offence, LongAdder> offences = new EnumMap<>(Offence.class);
    private final LongAdder degraded = new LongAdder();
    private final LongAdder imageOnly = new LongAdder();
    private final Map<Long, AtomicInteger> inFlightByCamera = new ConcurrentHashMap<>();
    private final AtomicLong dispatched = new AtomicLong();
    private volatile boolean stopping;
    /** Where the previous progress line left off, for the rate over the last interval. */
    private long previousSettled;
    private Instant previousAt;

    Simulator(SimulatorOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        for (Offence offence : Offence.values()) {
            offences.put(offence, new LongAdder());
        }
    }

    /**
     * Runs with command-line options until {@code --duration} has passed, reporting to {@code out}; for tools and
     * tests that embed the simulator. Returns the exit code {@link #main} would use.
     */
    public static int run(String[] args, PrintStream out) throws InterruptedException {
        System.setProperty("java.awt.headless", "true");
        return new Simulator(SimulatorOptions.parse(args, Map.of()), out).run();
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        SimulatorOptions.Invocation invocation = SimulatorOptions.read(args, System.getenv(), System.out, System.err);
        if (invocation.options() == null) {
            System.exit(invocation.exitCode());
            return;
        }
        Simulator simulator = new Simulator(invocation.options(), System.out);
        CountDownLatch finished = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.stopping = true;
            main.interrupt();
            try {
                finished.await(70, TimeUnit.SECONDS); // let in-flight reads finish and the summary print
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown"));
        int code;
        try {
            code = simulator.run();
        } catch (ApiException e) {
            simulator.log("cannot build the network: " + e.getMessage());
            code = 1;
        } catch (InterruptedException e) {
            code = 0;
        } finally {
            finished.countDown();
        }
        if (!simulator.stopping) {
            System.exit(code);
        }
    }

    int run() throws InterruptedException {
        log("PlateGuard simulator: " + options.url() + ", " + options.sites() + " sites, " + options.rate()
                + " reads/s (daily mean), duration " + (options.duration() == null ? "unbounded" : options.duration().toSeconds() + " s")
                + ", seed " + options.seed() + (options.imageOnly() > 0
                        ? String.format(Locale.ROOT, ", image-only %.0f%%", 100 * options.imageOnly()) : "")
                + (options.vendorShare() > 0
                        ? String.format(Locale.ROOT, ", vendor formats %.0f%%", 100 * options.vendorShare()) : ""));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        AdminClient admin = new AdminClient(http, options.url(), options.token());
        admin.awaitReachable(Duration.ofSeconds(90));

        DeployedNetwork network = new NetworkProvisioner(admin, this::log).provision(new NetworkPlanner().plan(options.sites()));
        log("network: " + network.sites().size() + " sites (" + network.sitesReused() + " reused, " + network.sitesCreated()
                + " created), " + network.cameras().size() + " cameras (" + network.camerasReused() + " reused, "
                + network.camerasCreated() + " created); " + network.keysRevoked() + " old device keys revoked, "
                + network.cameras().size() + " issued");

        SplittableRandom random = new SplittableRandom(options.seed());
        RoadNetwork roads = RoadNetwork.connect(network.sites());
        Fleet fleet = Fleet.assemble(roads.areas(), options.fleet(), options.violations().unregistered(), random);
        long unregistered = fleet.all().stream().filter(v -> !v.registered()).count();
        log("fleet: " + fleet.all().size() + " vehicles in " + roads.areas().size() + " road areas, " + unregistered + " unregistered");
        if (options.registryOut() != null) {
            try {
                Files.write(options.registryOut(), fleet.registeredPlates());
                log("registry of " + fleet.registeredPlates().size() + " registered plates written to " + options.registryOut());
            } catch (IOException e) {
                log("cannot write registry: " + e.getMessage());
            }
        }
        if (options.registryImport()) {
            // Registered Uzbek vehicles into the server's local registry, before any read is sent, so that only
            // the fleet's unregistered vehicles can be flagged.
            StringBuilder csv = new StringBuilder("country,plate,status,registration_valid_until,insurance_valid_until,"
                    + "vehicle_type,make,colour,owner_ref\n");
            String until = java.time.LocalDate.now().plusYears(1).toString();
            int rows = 0;
            for (String plate : fleet.registeredPlates()) {
                if (dev.plateguard.plates.PlateClassifier.best(plate).country() == dev.plateguard.plates.Country.UZ) {
                    csv.append("UZ,").append(plate).append(",VALID,").append(until).append(',').append(until)
                            .append(",car,,,sim-").append(++rows).append('\n');
                }
            }
            var answer = admin.importRegistry(csv.toString());
            log("registry: " + rows + " registered Uzbek vehicles imported (" + answer + ")");
        }
        PlateFont font = PlateFont.load(options.plateFont());
        log("plate font: " + font.description());

        String runId = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
        ReadComposer composer = new ReadComposer(new EvidenceRenderer(new PlateRenderer(font), options.degradedShare()),
                new PlateRecogniser(), options.imageOnly(), runId);
        DeviceClient device = new DeviceClient(http, options.url());
        ReadSender sender = new ReadSender(device, RetryPolicy.DEFAULT, delivery, this::log, d -> Thread.sleep(d),
                options.vendorShare());
        Instant start = Instant.now();
        TrafficModel model = new TrafficModel(roads, fleet, options.curve(), options.violations(), options.rate(), random, start);

        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        try (Heartbeats heartbeats = new Heartbeats(device, network.cameras(), this::inFlight, delivery, this::log)) {
            heartbeats.start(HEARTBEAT_EVERY);
            Semaphore slots = new Semaphore(options.maxInFlight());
            dispatch(model, composer, sender, workers, slots, random, start);
            if (slots.availablePermits() < options.maxInFlight()) {
                log("waiting up to 60 s for " + (options.maxInFlight() - slots.availablePermits()) + " reads in flight");
                Thread.interrupted(); // the interrupt that stopped the loop must not cut this wait short
                slots.tryAcquire(options.maxInFlight(), 60, TimeUnit.SECONDS);
            }
        } finally {
            workers.shutdownNow(); // reads still retrying after the wait are abandoned
        }
        progress(start, Instant.now(), model, true);
        return 0;
    }

    private void dispatch(TrafficModel model, ReadComposer composer, ReadSender sender, ExecutorService workers,
                          Semaphore slots, SplittableRandom random, Instant start) {
        Instant deadline = options.duration() == null ? null : start.plus(options.duration());
        Instant nextProgress = start.plus(PROGRESS_EVERY);
        try {
            while (!stopping) {
                Instant now = Instant.now();
                if (deadline != null && !now.isBefore(deadline)) {
                    break;
                }
                for (Sighting sighting : model.advanceTo(now)) {
                    long seed = random.nextLong();
                    long sequence = dispatched.incrementAndGet();
                    slots.acquire(); // a camera whose uploads lag keeps its backlog, like a device buffer
                    AtomicInteger cameraQueue = inFlightByCamera.computeIfAbsent(sighting.camera().id(), id -> new AtomicInteger());
                    cameraQueue.incrementAndGet();
                    workers.submit(() -> {
                        try {
                            deliver(composer.compose(sighting, sequence, new SplittableRandom(seed)), sender);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (RuntimeException e) {
                            log("read for camera " + sighting.camera().id() + " failed before sending: " + e);
                        } finally {
                            cameraQueue.decrementAndGet();
                            slots.release();
                        }
                    });
                }
                if (!now.isBefore(nextProgress)) {
                    progress(start, now, model, false);
                    nextProgress = nextProgress.plus(PROGRESS_EVERY);
                }
                long sleep = Math.clamp(Duration.between(Instant.now(), model.nextEventAt()).toMillis(), 5, 200);
                Thread.sleep(sleep);
            }
        } catch (InterruptedException e) {
            // Ctrl-C: stop dispatching; what is in flight still gets sent.
        }
    }

    private void deliver(ReadUpload upload, ReadSender sender) throws InterruptedException {
        Sighting s = upload.sighting();
        s.offences().forEach(o -> offences.get(o).increment());
        if (!upload.evidence().degradations().isEmpty()) {
            degraded.increment();
        }
        if (upload.metadata().plate() == null) {
            imageOnly.increment();
        }
        String masked = PlateText.mask(s.vehicle().plate().text());
        if (s.offences().contains(Offence.UNREGISTERED)) {
            // Ground truth for the violations work: the server is expected to find these by itself.
            log("unregistered vehicle " + masked + " read by camera " + s.camera().id() + ", event " + upload.eventId());
        }
        ReadSender.Outcome outcome = sender.send(upload);
        if (options.verbose()) {
            log(outcome + " " + upload.eventId() + " " + masked + (upload.metadata().plate() == null ? " (image only)" : "")
                    + " " + s.site().name() + " / " + s.camera().name()
                    + (s.offences().isEmpty() ? "" : " " + s.offences()));
        }
    }

    private int inFlight(long cameraId) {
        AtomicInteger n = inFlightByCamera.get(cameraId);
        return n == null ? 0 : n.get();
    }

    private synchronized void progress(Instant start, Instant now, TrafficModel model, boolean last) {
        long settled = delivery.settled();
        Instant since = previousAt == null ? start : previousAt;
        double seconds = Math.max(0.001, Duration.between(since, now).toMillis() / 1000.0);
        double actual = (settled - previousSettled) / seconds;
        previousSettled = settled;
        previousAt = now;
        String local = now.atZone(TrafficCurve.TASHKENT).toLocalTime().withNano(0).toString();
        log(String.format(Locale.ROOT, "%s%ds reads %d: %d created, %d duplicate, %d refused, %d gave up, %d in flight, %d retries"
                        + " | %.1f/s (target %.1f/s at %s Tashkent) | heartbeats %d ok, %d failed"
                        + " | speeding %d, red light %d, no seatbelt %d, phone %d, unregistered %d, degraded %d, image-only %d",
                last ? "done after " : "", Duration.between(start, now).toSeconds(), dispatched.get(), delivery.created.get(),
                delivery.duplicates.get(), delivery.refused.get(), delivery.gaveUp.get(), dispatched.get() - settled,
                delivery.retries.get(), actual, model.rateAt(now), local, delivery.heartbeatsOk.get(),
                delivery.heartbeatsFailed.get(), offences.get(Offence.SPEEDING).sum(), offences.get(Offence.RED_LIGHT).sum(),
                offences.get(Offence.NO_SEATBELT).sum(), offences.get(Offence.PHONE_USE).sum(),
                offences.get(Offence.UNREGISTERED).sum(), degraded.sum(), imageOnly.sum()));
    }

    void log(String message) {
        synchronized (out) {
            out.println("[" + LocalTime.now().format(CLOCK) + "] " + message);
        }
    }
}
