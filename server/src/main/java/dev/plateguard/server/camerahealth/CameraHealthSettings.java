package dev.plateguard.server.camerahealth;

import java.time.Duration;
import java.time.Period;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Camera-health alarms ({@code plateguard.camera-health.*}, docs/camera-health.md). Each condition is raised at one
 * threshold and cleared at a milder one (hysteresis), so that a value hovering at the threshold does not raise and
 * clear by turns. Stale and offline follow {@code plateguard.cameras.stale-after} and {@code offline-after}.
 *
 * @param enabled              evaluate the alarms on their schedule
 * @param interval             how often every active camera is evaluated
 * @param clockDrift           raise a clock-drift alarm when the camera's clock is off by more than this
 * @param clockDriftClear      clear it when the offset is back under this
 * @param clockWindow          reads received this recently tell a camera's clock offset when its last heartbeat
 *                             reported none
 * @param clockMinReads        the fewest such reads that tell it
 * @param lowReadsRatio        raise a low-reads alarm when the last settled hour had fewer reads than this share of
 *                             the camera's usual level for that hour of the week (0..1)
 * @param lowReadsClearRatio   clear it when an hour reaches this share again (0..1, above lowReadsRatio)
 * @param lowReadsMinBaseline  no low-reads alarm for hours whose usual level is below this many reads (quiet hours:
 *                             too few reads to tell)
 * @param baselineWeeks        the usual level of an hour of the week is the median of that hour in this many past
 *                             weeks
 * @param baselineMinWeeks     the fewest past weeks a camera needs for that hour before it can have a low-reads alarm
 * @param readSettle           an hour is counted this long after it ended, so that reads uploaded a little late are in
 * @param noPlateShare         raise a no-plates alarm when at least this share (0..1) of a camera's recent automatic
 *                             recognitions found no plate
 * @param noPlateClearShare    clear it when the share is at most this (0..1, below noPlateShare)
 * @param noPlateWindow        recognitions of reads received this recently are counted
 * @param noPlateMinReads      the fewest recognitions that tell
 * @param queueBacklog         raise a queue-backlog alarm when a heartbeat reports at least this many reads waiting
 *                             on the device
 * @param queueBacklogClear    clear it when a heartbeat reports at most this many
 * @param diskUsed             raise a disk-full alarm when a heartbeat reports the device's disk at least this full
 *                             (percent)
 * @param diskUsedClear        clear it at this (percent) or below
 * @param history              cleared alarms are kept this long (the camera page shows them), counted from their
 *                             clearing
 */
@ConfigurationProperties("plateguard.camera-health")
public record CameraHealthSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1m") Duration interval,
        @DefaultValue("30s") Duration clockDrift,
        @DefaultValue("10s") Duration clockDriftClear,
        @DefaultValue("30m") Duration clockWindow,
        @DefaultValue("5") int clockMinReads,
        @DefaultValue("0.25") double lowReadsRatio,
        @DefaultValue("0.5") double lowReadsClearRatio,
        @DefaultValue("20") int lowReadsMinBaseline,
        @DefaultValue("4") int baselineWeeks,
        @DefaultValue("3") int baselineMinWeeks,
        @DefaultValue("15m") Duration readSettle,
        @DefaultValue("0.5") double noPlateShare,
        @DefaultValue("0.3") double noPlateClearShare,
        @DefaultValue("1h") Duration noPlateWindow,
        @DefaultValue("20") int noPlateMinReads,
        @DefaultValue("1000") int queueBacklog,
        @DefaultValue("100") int queueBacklogClear,
        @DefaultValue("90") int diskUsed,
        @DefaultValue("80") int diskUsedClear,
        @DefaultValue("365d") Period history) {

    public CameraHealthSettings {
        for (Duration d : new Duration[] {interval, clockDrift, clockDriftClear, clockWindow, readSettle, noPlateWindow}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("plateguard.camera-health durations must be positive");
            }
        }
        below("clock-drift-clear", clockDriftClear.toMillis(), "clock-drift", clockDrift.toMillis());
        if (!(lowReadsRatio > 0 && lowReadsRatio < lowReadsClearRatio && lowReadsClearRatio <= 1)) {
            throw new IllegalArgumentException("plateguard.camera-health: 0 < low-reads-ratio < low-reads-clear-ratio <= 1");
        }
        if (!(noPlateClearShare >= 0 && noPlateClearShare < noPlateShare && noPlateShare <= 1)) {
            throw new IllegalArgumentException("plateguard.camera-health: 0 <= no-plate-clear-share < no-plate-share <= 1");
        }
        below("queue-backlog-clear", queueBacklogClear, "queue-backlog", queueBacklog);
        below("disk-used-clear", diskUsedClear, "disk-used", diskUsed);
        if (diskUsed > 100 || diskUsedClear < 0 || queueBacklogClear < 0) {
            throw new IllegalArgumentException("plateguard.camera-health: disk thresholds are percent (0-100), "
                    + "queue thresholds 0 or more");
        }
        if (baselineMinWeeks < 1 || baselineWeeks < baselineMinWeeks || baselineWeeks > 52) {
            throw new IllegalArgumentException("plateguard.camera-health: 1 <= baseline-min-weeks <= baseline-weeks <= 52");
        }
        if (clockMinReads < 1 || noPlateMinReads < 1 || lowReadsMinBaseline < 1) {
            throw new IllegalArgumentException("plateguard.camera-health minimum counts must be at least 1");
        }
        if (history.isNegative() || history.isZero()) {
            throw new IllegalArgumentException("plateguard.camera-health.history must be positive");
        }
    }

    private static void below(String clear, long clearValue, String raise, long raiseValue) {
        if (clearValue >= raiseValue) {
            throw new IllegalArgumentException("plateguard.camera-health." + clear + " must be below " + raise);
        }
    }
}
