package io.github.dockstart.detection;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves the placeholders of configuration values to what a developer's machine would see
 * without any environment variable set: Spring/Quarkus/Micronaut {@code ${NAME:default}} and
 * Compose {@code ${NAME:-default}}. A placeholder that cannot be resolved stays in the text, so
 * callers can tell a known part from an unknown one.
 */
final class Placeholders {

    private static final int MAX_DEPTH = 10;

    private Placeholders() {
    }

    /**
     * Spring style: {@code ${NAME}} from {@code properties}, else {@code ${NAME:default}}'s default
     * (Micronaut may quote a default that holds colons in backticks).
     */
    static String resolveConfig(String value, Function<String, String> properties) {
        return resolve(value, properties, 0);
    }

    /** A placeholder's variable and its default, {@code null} when it has none. */
    record Reference(String name, String defaultValue) {
    }

    /** The Spring-style placeholder that is the whole text (blanks around it aside), if it is one. */
    static Optional<Reference> whole(String text) {
        String value = text == null ? "" : text.strip();
        if (!value.startsWith("${") || matchingBrace(value, 2) != value.length() - 1) {
            return Optional.empty();
        }
        String inner = value.substring(2, value.length() - 1);
        int colon = topLevelColon(inner);
        String name = (colon < 0 ? inner : inner.substring(0, colon)).strip();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Reference(name, colon < 0 ? null : unquoteBackticks(inner.substring(colon + 1))));
    }

    /** The first index at or after {@code from} of one of {@code characters} outside every placeholder, or -1. */
    static int indexOutside(String text, String characters, int from) {
        int i = from;
        while (i < text.length()) {
            if (text.startsWith("${", i)) {
                int end = matchingBrace(text, i + 2);
                if (end < 0) {
                    return -1;
                }
                i = end + 1;
            } else if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            } else {
                i++;
            }
        }
        return -1;
    }

    /** The last index of {@code c} outside every placeholder, or -1. */
    static int lastIndexOutside(String text, char c) {
        int last = -1;
        int i = indexOutside(text, String.valueOf(c), 0);
        while (i >= 0) {
            last = i;
            i = indexOutside(text, String.valueOf(c), i + 1);
        }
        return last;
    }

    /** Whether some placeholder could not be resolved. */
    static boolean hasUnresolved(String value) {
        return value != null && value.contains("${");
    }

    private static String resolve(String value, Function<String, String> properties, int depth) {
        if (value == null || depth > MAX_DEPTH || !value.contains("${")) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("${", i);
            if (start < 0) {
                out.append(value, i, value.length());
                break;
            }
            int end = matchingBrace(value, start + 2);
            if (end < 0) {
                out.append(value, i, value.length());
                break;
            }
            out.append(value, i, start);
            String inner = value.substring(start + 2, end);
            int colon = topLevelColon(inner);
            String name = colon < 0 ? inner : inner.substring(0, colon);
            String found = properties.apply(name.strip());
            if (found != null) {
                out.append(resolve(found, properties, depth + 1));
            } else if (colon >= 0) {
                out.append(resolve(unquoteBackticks(inner.substring(colon + 1)), properties, depth + 1));
            } else {
                out.append(value, start, end + 1);
            }
            i = end + 1;
        }
        return out.toString();
    }

    /**
     * Compose style: {@code $$} is a literal {@code $}; {@code ${NAME}}, {@code $NAME},
     * {@code ${NAME:-default}} and {@code ${NAME-default}} read {@code variables} (the project's
     * {@code .env}), else the default.
     */
    static String resolveCompose(String value, Map<String, String> variables) {
        if (value == null || !value.contains("$")) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c != '$' || i + 1 >= value.length()) {
                out.append(c);
                i++;
            } else if (value.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (value.charAt(i + 1) == '{') {
                int end = matchingBrace(value, i + 2);
                if (end < 0) {
                    out.append(value, i, value.length());
                    break;
                }
                out.append(composeExpression(value.substring(i + 2, end), variables, value.substring(i, end + 1)));
                i = end + 1;
            } else {
                int end = i + 1;
                while (end < value.length() && (Character.isLetterOrDigit(value.charAt(end)) || value.charAt(end) == '_')) {
                    end++;
                }
                String name = value.substring(i + 1, end);
                String found = variables.get(name);
                out.append(found != null ? found : "${" + name + "}");
                i = end;
            }
        }
        return out.toString();
    }

    private static String composeExpression(String inner, Map<String, String> variables, String original) {
        int operator = 0;
        while (operator < inner.length() && (Character.isLetterOrDigit(inner.charAt(operator)) || inner.charAt(operator) == '_')) {
            operator++;
        }
        String name = inner.substring(0, operator);
        String rest = inner.substring(operator);
        String found = variables.get(name);
        if (rest.startsWith(":-")) {
            return found != null && !found.isEmpty() ? found : resolveCompose(rest.substring(2), variables);
        }
        if (rest.startsWith("-")) {
            return found != null ? found : resolveCompose(rest.substring(1), variables);
        }
        if (rest.isEmpty() && found != null) {
            return found;
        }
        // ${NAME:?error} and the like: unknown without the environment
        return original;
    }

    private static int matchingBrace(String value, int from) {
        int depth = 1;
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int topLevelColon(String inner) {
        int depth = 0;
        boolean backtick = false;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '`') {
                backtick = !backtick;
            } else if (!backtick && c == '{') {
                depth++;
            } else if (!backtick && c == '}') {
                depth--;
            } else if (!backtick && depth == 0 && c == ':') {
                return i;
            }
        }
        return -1;
    }

    private static String unquoteBackticks(String text) {
        if (text.length() >= 2 && text.startsWith("`") && text.endsWith("`")) {
            return text.substring(1, text.length() - 1);
        }
        return text;
    }
}
