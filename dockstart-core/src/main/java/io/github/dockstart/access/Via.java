package io.github.dockstart.access;

import io.github.dockstart.model.InvalidSettingException;
import io.github.dockstart.settings.PropertyNames;
import java.util.Locale;

/** How backup and restore reach a database ({@code -Ddockstart.via}). */
public enum Via {
    /** Client tools on this machine, against the project's own connection settings. */
    LOCAL,
    /** The clients inside the generated Compose stack's database containers. */
    COMPOSE,
    /** {@link #COMPOSE} when the stack's service is running, else {@link #LOCAL}. */
    AUTO;

    public static Via parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidSettingException(PropertyNames.VIA, value, PropertyNames.VIA + "=" + value
                    + " is not one of local, compose, auto.");
        }
    }
}
