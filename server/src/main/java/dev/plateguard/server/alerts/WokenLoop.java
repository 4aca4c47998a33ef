package dev.plateguard.server.alerts;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A background thread that does one round of work when woken, and at the latest every {@code interval} (for work
 * that no one on this node announced: another node's, a restart's). Wakes that come during a round make one more
 * round, never a queue of them. A round that fails is logged and retried after the interval.
 */
abstract class WokenLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WokenLoop.class);

    private final String name;
    private final Object signal = new Object();
    private boolean woken;
    private volatile Thread thread;

    WokenLoop(String name) {
        this.name = name;
    }

    /** One round of work. */
    abstract void round();

    /** The longest pause between two rounds. */
    abstract Duration interval();

    /** Work is waiting: run a round now (or right after the current one). */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (thread == Thread.currentThread()) {
            synchronized (signal) {
                if (!woken) {
                    try {
                        signal.wait(interval().toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                woken = false;
            }
            try {
                round();
            } catch (RuntimeException e) {
                log.error("{} failed; its work stays queued and is retried", name, e);
                try {
                    Thread.sleep(interval().toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public void start() {
        Thread t = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
        thread = t;
        t.start();
    }

    @Override
    public void stop() {
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
