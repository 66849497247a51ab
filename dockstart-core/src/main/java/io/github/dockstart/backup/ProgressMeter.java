package io.github.dockstart.backup;

import io.github.dockstart.log.DockstartLog;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Counts the bytes of a long operation and reports bytes done, rate and elapsed time at most
 * once a second.
 */
public final class ProgressMeter {

    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final DockstartLog log;
    private final String label;
    private final LongSupplier clock;
    private final long start;
    private long bytes;
    private long lastReport;

    public ProgressMeter(DockstartLog log, String label) {
        this(log, label, System::nanoTime);
    }

    ProgressMeter(DockstartLog log, String label, LongSupplier nanoClock) {
        this.log = log;
        this.label = label;
        this.clock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.lastReport = start;
    }

    public void add(long count) {
        bytes += count;
        long now = clock.getAsLong();
        if (now - lastReport >= INTERVAL_NANOS) {
            lastReport = now;
            log.info(line(now));
        }
    }

    public long bytes() {
        return bytes;
    }

    /** The closing line: total, average rate, elapsed time. */
    public String summary() {
        return line(clock.getAsLong());
    }

    private String line(long now) {
        double seconds = Math.max((now - start) / 1e9, 1e-9);
        return String.format(Locale.ROOT, "%s: %s, %s/s, %.1f s", label, size(bytes), size((long) (bytes / seconds)), seconds);
    }

    /** Bytes in the largest unit that keeps a number of at least 1: {@code 12.3 MB}. */
    public static String size(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** An output stream that reports what passes through it. */
    public OutputStream counting(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                add(1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                add(len);
            }
        };
    }
}
