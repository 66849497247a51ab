package io.github.dockstart.output;

import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.settings.PropertyNames;
import java.util.List;

/**
 * {@code .devcontainer/} holds files that dockstart did not write, or changed by hand since: the
 * run wrote nothing rather than mix them with generated files.
 */
public final class ForeignFilesException extends InvalidInputException {

    private final List<String> files;

    public ForeignFilesException(List<String> files) {
        super(String.join(", ", files) + (files.size() == 1 ? " was" : " were")
                + " not written by dockstart, or changed by hand since it wrote " + (files.size() == 1 ? "it" : "them")
                + ", so generate wrote nothing rather than mix them with generated files; move "
                + (files.size() == 1 ? "it" : "them") + " away, or run with -D" + PropertyNames.FORCE + " to replace .devcontainer/ with the"
                + " generated files (files dockstart does not generate stay as they are).");
        this.files = List.copyOf(files);
    }

    /** The files, relative to the project root, with {@code /} separators. */
    public List<String> files() {
        return files;
    }
}
