package io.github.dockstart.model;

/**
 * A setting the user gave has a value dockstart cannot use. It carries the setting's name (as
 * {@link io.github.dockstart.settings.PropertyNames} spells it) and the value, so that a front end
 * can name the setting in its own terms ({@code -Ddockstart.via} in Maven, {@code --via} in a CLI);
 * the message is the sentence for the Maven build.
 */
public class InvalidSettingException extends InvalidInputException {

    private final String setting;
    private final String value;

    /**
     * @param setting the setting's name, e.g. {@code dockstart.via}
     * @param value   the value as given; null when the setting is missing
     * @param message one sentence naming the setting and value, and what is wrong
     */
    public InvalidSettingException(String setting, String value, String message) {
        super(message);
        this.setting = setting;
        this.value = value;
    }

    /** The setting's name, e.g. {@code dockstart.via}. */
    public String setting() {
        return setting;
    }

    /** The value as given; null when the setting was missing. */
    public String value() {
        return value;
    }
}
