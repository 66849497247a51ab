package io.github.dockstart.rendering;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a Compose document, built as maps and lists, as YAML that both YAML 1.1 readers
 * (docker-compose v1, PyYAML) and YAML 1.2 readers take for exactly the strings we meant.
 */
final class ComposeYaml {

    private static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            // folded long lines are valid YAML but make passwords and commands hard to read
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .stringQuotingChecker(new ConservativeQuoting())
            .build())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private ComposeYaml() {
    }

    static String write(Map<String, Object> document) {
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not write Compose YAML", e);
        }
    }

    /**
     * Doubles every {@code $} of the strings in a tree we generated, so that Compose takes them
     * literally instead of interpolating {@code $VAR}. Shell text we write in commands therefore
     * says {@code $VAR} and reaches the container's shell as {@code $VAR}.
     */
    @SuppressWarnings("unchecked")
    static <T> T escapeInterpolation(T value) {
        if (value instanceof String text) {
            return (T) text.replace("$", "$$");
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> escaped = new LinkedHashMap<>();
            map.forEach((key, item) -> escaped.put(key, escapeInterpolation(item)));
            return (T) escaped;
        }
        if (value instanceof List<?> list) {
            List<Object> escaped = new ArrayList<>();
            list.forEach(item -> escaped.add(escapeInterpolation(item)));
            return (T) escaped;
        }
        return value;
    }

    /**
     * Leaves a value unquoted only when it plainly cannot be read as anything but that string.
     * Jackson's default quotes YAML 1.2 keywords and numbers, but docker-compose v1 reads YAML 1.1,
     * where {@code 3000:30} is the sexagesimal number 180030, {@code 1_000} is 1000,
     * {@code 2024-01-01} a date and {@code .inf} a float; quoting everything that does not start
     * with a letter or a slash covers all of these, and ports, which always start with a digit.
     */
    private static final class ConservativeQuoting extends StringQuotingChecker {

        private static final long serialVersionUID = 1L;

        private static final Pattern SAFE_PLAIN = Pattern.compile("[A-Za-z/][A-Za-z0-9 _./:@+,=-]*");

        private final StringQuotingChecker defaults = new StringQuotingChecker.Default();

        @Override
        public boolean needToQuoteName(String name) {
            return defaults.needToQuoteName(name);
        }

        @Override
        public boolean needToQuoteValue(String value) {
            return !SAFE_PLAIN.matcher(value).matches()
                    || value.endsWith(" ")
                    || value.contains(": ")
                    || value.endsWith(":")
                    || isReservedKeyword(value)
                    || defaults.needToQuoteValue(value);
        }
    }
}
