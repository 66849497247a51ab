package io.github.dockstart.model;

import java.util.Optional;

/** Reading Java versions as poms write them: {@code 17}, {@code 21.0.2}, or the old {@code 1.8}. */
public final class JavaVersions {

    private JavaVersions() {
    }

    /** The feature version ({@code 1.8} is 8, {@code 21.0.2} is 21), or empty when the text is not a version. */
    public static Optional<Integer> featureVersion(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String version = text.strip();
        if (version.startsWith("1.")) {
            version = version.substring(2);
        }
        int end = 0;
        while (end < version.length() && Character.isDigit(version.charAt(end))) {
            end++;
        }
        if (end == 0 || end > 3) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(version.substring(0, end)));
    }
}
