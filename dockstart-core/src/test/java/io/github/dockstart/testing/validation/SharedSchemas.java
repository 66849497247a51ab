package io.github.dockstart.testing.validation;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JSON schemas of {@code shared/schemas/}, which lies beside the project's clone
 * ({@code ../shared/schemas} from the project root, {@code ../../shared/schemas} from a module).
 */
public final class SharedSchemas {

    public static final String COMPOSE_SPEC = "compose-spec.json";
    public static final String DEVCONTAINER = "devContainer.base.schema.json";

    private SharedSchemas() {
    }

    /** The schema file, found by walking up from the working directory. */
    public static Path schema(String fileName) {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("schemas").resolve(fileName);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return fail("shared/schemas/" + fileName + " not found in " + start + " or any directory above it;"
                + " the shared/ folder must lie beside the project's clone");
    }
}
