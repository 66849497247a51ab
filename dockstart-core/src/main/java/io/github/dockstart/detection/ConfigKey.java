package io.github.dockstart.detection;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A configuration key split at its dots, with a relaxed form of each segment for matching:
 * Spring and Micronaut accept {@code driverClassName}, {@code driver-class-name} and
 * {@code driver_class_name} alike. Quoted segments (Quarkus {@code quarkus.datasource."users".url})
 * stay one segment, without their quotes.
 */
final class ConfigKey {

    private final List<String> segments;

    private ConfigKey(List<String> segments) {
        this.segments = List.copyOf(segments);
    }

    static ConfigKey parse(String key) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : key.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return new ConfigKey(parts);
    }

    static String relax(String segment) {
        return segment.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    int size() {
        return segments.size();
    }

    String segment(int index) {
        return segments.get(index);
    }

    String relaxed(int index) {
        return relax(segments.get(index));
    }

    /** Whether the relaxed key starts with these relaxed segments. */
    boolean startsWith(String... relaxedSegments) {
        if (relaxedSegments.length > segments.size()) {
            return false;
        }
        for (int i = 0; i < relaxedSegments.length; i++) {
            if (!relaxed(i).equals(relaxedSegments[i])) {
                return false;
            }
        }
        return true;
    }

    /** The relaxed segments from {@code from} to the end, joined with dots. */
    String relaxedTail(int from) {
        StringBuilder tail = new StringBuilder();
        for (int i = from; i < segments.size(); i++) {
            if (i > from) {
                tail.append('.');
            }
            tail.append(relaxed(i));
        }
        return tail.toString();
    }

    /** The original segments before {@code end}, joined with dots. */
    String head(int end) {
        return String.join(".", segments.subList(0, end));
    }

    @Override
    public String toString() {
        return String.join(".", segments);
    }
}
