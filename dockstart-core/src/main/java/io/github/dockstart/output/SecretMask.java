package io.github.dockstart.output;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.ProjectModel;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides passwords in text bound for the build log, such as the dry-run diff of a Compose file that
 * sets {@code POSTGRES_PASSWORD}. The project's current passwords are hidden wherever they appear,
 * also in the forms the Compose file spells them ({@code $} doubled, quoted as YAML quotes them).
 * Since a diff also shows the old file, whose passwords the model no longer knows, every value of
 * a secret setting ({@code ..._PASSWORD}, {@code REDISCLI_AUTH}, ...), the password of a URL
 * ({@code redis://:pw@host}) and a {@code password=} parameter are hidden by their place too,
 * on removed, added and unchanged lines alike.
 */
public final class SecretMask {

    public static final String MASK = "********";

    /** {@code KEY: value}, {@code KEY=value} or {@code "KEY": "value"} whose key names a secret (not a {@code _FILE} path). */
    private static final Pattern SECRET_SETTING = Pattern.compile(
            "(?i)^([+ -]?\\s*(?:-\\s+)?\"?[A-Za-z0-9_.-]*(?:PASSWORD|PASSWD|PWD|SECRET|SECRET_ACCESS_KEY|TOKEN|_AUTH)\"?\\s*[:=]\\s*)(\\S.*?)(,?)$");
    /** A setting that only says whether a password is needed. */
    private static final Pattern NOT_A_SECRET = Pattern.compile("(?i)ALLOW_EMPTY|RANDOM_ROOT");
    /** The password of a URL's user information. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@\\s]*:)([^@/\\s]+)(@)");
    /** A {@code password=} query or connection parameter. */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;](?:password|pwd)=)([^&;\\s\"']+)");

    private final List<String> spellings;

    private SecretMask(List<String> spellings) {
        this.spellings = spellings;
    }

    public static SecretMask of(ProjectModel model) {
        Set<String> spellings = new LinkedHashSet<>();
        model.services().stream()
                .map(DatabaseService::password)
                .filter(Objects::nonNull)
                .filter(password -> !password.isBlank())
                .forEach(password -> {
                    for (String form : List.of(password, password.replace("$", "$$"))) {
                        spellings.add(form);
                        spellings.add(form.replace("'", "''"));
                        spellings.add(form.replace("\\", "\\\\").replace("\"", "\\\""));
                    }
                });
        // longest first, so that a password containing another is hidden whole
        return new SecretMask(spellings.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList());
    }

    public String apply(String text) {
        String masked = text;
        for (String spelling : spellings) {
            masked = masked.replace(spelling, MASK);
        }
        return java.util.Arrays.stream(masked.split("\n", -1)).map(SecretMask::maskByPlace)
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    private static String maskByPlace(String line) {
        String masked = URL_PASSWORD.matcher(line).replaceAll("$1" + MASK + "$3");
        masked = PASSWORD_PARAMETER.matcher(masked).replaceAll("$1" + MASK);
        Matcher setting = SECRET_SETTING.matcher(masked);
        if (setting.find() && !NOT_A_SECRET.matcher(setting.group(1)).find() && !setting.group(1).toUpperCase(java.util.Locale.ROOT).contains("_FILE")
                && !setting.group(2).equals(MASK)) {
            masked = masked.substring(0, setting.start(2)) + quoted(setting.group(2)) + setting.group(3);
        }
        return masked;
    }

    /** The mask in the value's own quotes, so that the line still reads as YAML or JSON. */
    private static String quoted(String value) {
        char first = value.charAt(0);
        if ((first == '"' || first == '\'') && value.length() > 1 && value.charAt(value.length() - 1) == first) {
            return first + MASK + first;
        }
        return MASK;
    }
}
