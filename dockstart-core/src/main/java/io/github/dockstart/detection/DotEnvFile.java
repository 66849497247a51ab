package io.github.dockstart.detection;

import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.AppSetting.Naming;
import io.github.dockstart.model.AppSetting.Part;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.Evidence;
import io.github.dockstart.model.InvalidFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The project's {@code .env}: the variables Compose interpolates, and {@code DATABASE_URL} /
 * {@code REDIS_URL} as sources of their own.
 */
final class DotEnvFile {

    static final String FILE = ".env";
    private static final List<String> URL_VARIABLES = List.of("DATABASE_URL", "REDIS_URL");

    private final Map<String, ConfigProperty> variables;

    private DotEnvFile(Map<String, ConfigProperty> variables) {
        this.variables = variables;
    }

    static DotEnvFile read(Path root) {
        Path file = root.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return new DotEnvFile(Map.of());
        }
        Map<String, ConfigProperty> variables = new LinkedHashMap<>();
        String[] lines = TextFiles.read(file, FILE).split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int equals = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || equals <= 0) {
                continue;
            }
            String name = line.substring(0, equals).strip();
            variables.put(name, new ConfigProperty(FILE, i + 1, name, value(line.substring(equals + 1).strip()), null));
        }
        return new DotEnvFile(variables);
    }

    /** {@code "a b"} and {@code 'a b'} lose their quotes; an unquoted value ends at {@code " #"}. */
    private static String value(String raw) {
        if (raw.length() >= 2 && (raw.charAt(0) == '"' || raw.charAt(0) == '\'')) {
            int close = raw.indexOf(raw.charAt(0), 1);
            if (close > 0) {
                return raw.substring(1, close);
            }
        }
        int comment = raw.indexOf(" #");
        return comment >= 0 ? raw.substring(0, comment).strip() : raw;
    }

    /** Name to value, for Compose interpolation. */
    Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        variables.forEach((name, property) -> values.put(name, property.value()));
        return values;
    }

    /** One clue per {@code DATABASE_URL} / {@code REDIS_URL} that names a database dockstart runs. */
    List<DatabaseClue> clues(DockstartLog log) {
        List<DatabaseClue> clues = new ArrayList<>();
        Map<String, String> values = values();
        for (String name : URL_VARIABLES) {
            ConfigProperty property = variables.get(name);
            if (property == null) {
                continue;
            }
            String url = Placeholders.resolveCompose(property.value(), values);
            Optional<ConnectionUrl> parsed;
            try {
                parsed = ConnectionUrl.parse(url);
            } catch (ConnectionUrl.MalformedException e) {
                throw new InvalidFileException(FILE, property.line(), FILE + ":" + property.line() + ": invalid " + ConnectionUrl.kind(url)
                        + " in " + name + ": " + e.getMessage() + ".");
            }
            if (parsed.isEmpty() || parsed.get().inMemory()) {
                log.debug("Ignoring " + property + ": not a database dockstart runs");
                continue;
            }
            DatabaseClue clue = new DatabaseClue(null, true);
            DatasourceConfigReader.apply(clue, parsed.get(), new Source(new Evidence(FILE, property.line(), name), Source.DOT_ENV));
            // the app reads the variable itself, and a variable of the process counts over the file
            UrlStyle style = parsed.get().type() == DatabaseType.REDIS ? UrlStyle.REDIS : UrlStyle.PLAIN;
            clue.addSetting(new SettingClue(name, Naming.ENVIRONMENT, Part.URL, url, style, Source.DOT_ENV));
            clues.add(clue);
        }
        return clues;
    }
}
