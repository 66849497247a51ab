package io.github.dockstart.maven;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.ProjectModel;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Hides the project's database passwords in text bound for the build log, such as the dry-run
 * diff of a Compose file that sets {@code POSTGRES_PASSWORD}. A password is also hidden in the
 * forms the Compose file spells it: {@code $} doubled, and quoted as YAML quotes it.
 */
final class SecretMask {

    static final String MASK = "********";

    private final List<String> spellings;

    private SecretMask(List<String> spellings) {
        this.spellings = spellings;
    }

    static SecretMask of(ProjectModel model) {
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

    String apply(String text) {
        String masked = text;
        for (String spelling : spellings) {
            masked = masked.replace(spelling, MASK);
        }
        return masked;
    }
}
