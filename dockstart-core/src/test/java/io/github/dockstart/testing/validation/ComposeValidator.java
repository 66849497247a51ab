package io.github.dockstart.testing.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.networknt.schema.SpecVersion;
import io.github.dockstart.testing.docker.TestCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Checks a Compose file the two ways the project promises: against the Compose Specification's
 * JSON schema and with {@code docker-compose config} of Compose v2 (the version Docker ships and the
 * Dev Containers CLI drives), which also resolves paths and interpolation.
 */
public final class ComposeValidator {

    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            // "yes", "no", "on", "off" are strings, as Compose (YAML 1.2) reads them when quoted
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .build());

    private ComposeValidator() {
    }

    /** Validates {@code composeFile} both ways and returns the document {@code docker-compose config} printed. */
    public static Map<String, Object> assertValid(Path composeFile) {
        assertThat(schemaErrors(composeFile))
                .as("%s against compose-spec.json:%n%s", composeFile, readString(composeFile))
                .isEmpty();
        return dockerComposeConfig(composeFile);
    }

    /** Errors of the file against {@code shared/schemas/compose-spec.json}, empty when valid. */
    public static List<String> schemaErrors(Path composeFile) {
        JsonNode document;
        try {
            document = YAML.readTree(composeFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("not YAML: " + composeFile, e);
        }
        return JsonSchemaCheck.errors(SharedSchemas.schema(SharedSchemas.COMPOSE_SPEC),
                SpecVersion.VersionFlag.V7, document);
    }

    /**
     * Runs {@code docker-compose -f FILE config} in the file's directory, asserts that it accepts the
     * file and returns its output parsed. The file's relative paths (build contexts, bind mounts,
     * env files) must exist, as docker-compose checks them.
     */
    public static Map<String, Object> dockerComposeConfig(Path composeFile) {
        Path tool = TestCache.dockerConfig().resolve("cli-plugins").resolve("docker-compose");
        if (!Files.isExecutable(tool)) {
            fail("Compose v2 is not installed at " + tool + ": run ./run-tests.sh once (it takes Debian 13's"
                    + " docker-compose package into that directory)");
        }
        ProcessResult result = ProcessResult.run(
                List.of(tool.toString(), "-f", composeFile.getFileName().toString(), "config"),
                composeFile.toAbsolutePath().getParent());
        assertThat(result.succeeded())
                .as("docker-compose config of %s:%n%s%n--- file:%n%s", composeFile, result.describe(),
                        readString(composeFile))
                .isTrue();
        return parse(result.stdout());
    }

    /** YAML text as maps and lists, boolean-like words kept as strings. */
    public static Map<String, Object> parse(String yaml) {
        try {
            return YAML.readValue(yaml, new TypeReference<Map<String, Object>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("not YAML:\n" + yaml, e);
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
