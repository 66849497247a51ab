package io.github.dockstart.restore;

/** Asks the user before data is replaced; a Maven prompt, a {@code --yes} flag, or a refusal in batch mode. */
@FunctionalInterface
public interface Confirmation {

    /** @return true to go ahead */
    boolean confirm(String question);
}
