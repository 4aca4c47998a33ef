package dev.plateguard.anpr.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Renders examples on background threads into bounded queues while the network trains, so rendering overlaps with
 * PyTorch's work. Each thread runs its own deterministic source and the consumer takes from them in strict rotation,
 * so the stream of examples does not depend on timing.
 */
public final class Prefetcher<T> implements Supplier<T>, AutoCloseable {

    private final List<BlockingQueue<T>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean closed;
    private long waitNanos;
    private long taken;

    public Prefetcher(String name, Supplier<T> source, int capacity) {
        this(name, List.of(source), capacity);
    }

    public Prefetcher(String name, List<Supplier<T>> sources, int capacity) {
        for (int k = 0; k < sources.size(); k++) {
            BlockingQueue<T> queue = new ArrayBlockingQueue<>(Math.max(1, capacity / sources.size()));
            Supplier<T> source = sources.get(k);
            queues.add(queue);
            Thread thread = new Thread(() -> {
                try {
                    while (!closed) {
                        T item = source.get();
                        while (!closed && !queue.offer(item, 200, TimeUnit.MILLISECONDS)) {
                            // the trainer is busy
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, name + "-" + k);
            thread.setDaemon(true);
            thread.setPriority(Thread.NORM_PRIORITY - 1);
            threads.add(thread);
            thread.start();
        }
    }

    @Override
    public T get() {
        long t0 = System.nanoTime();
        BlockingQueue<T> queue = queues.get((int) (taken % queues.size()));
        try {
            while (true) {
                T item = queue.poll(200, TimeUnit.MILLISECONDS);
                if (item != null) {
                    taken++;
                    waitNanos += System.nanoTime() - t0;
                    return item;
                }
                Throwable t = failure.get();
                if (t != null) {
                    throw new IllegalStateException("sample renderer failed", t);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Seconds the trainer spent waiting for the renderers. */
    public double waitSeconds() {
        return waitNanos / 1e9;
    }

    public long taken() {
        return taken;
    }

    @Override
    public void close() {
        closed = true;
        threads.forEach(Thread::interrupt);
    }
}
