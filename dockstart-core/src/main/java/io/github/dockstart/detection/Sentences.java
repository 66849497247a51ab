package io.github.dockstart.detection;

/** Small helpers that keep error messages to one clean sentence. */
final class Sentences {

    private Sentences() {
    }

    static String withoutFinalPeriod(String text) {
        String trimmed = text.strip();
        while (trimmed.endsWith(".")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
