package io.github.dockstart.rendering;

import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.InvalidSettingException;
import io.github.dockstart.settings.PropertyNames;
import java.util.Locale;
import java.util.Optional;

/**
 * Failure alerts of the backup sidecar (its {@code notify.sh}), as written into the Compose file:
 * when to POST, and where the URL comes from. A webhook URL usually carries its token, so the
 * URL is written literally only when the user gave it literally; otherwise it stays a secret: a
 * file of the project mounted as a Compose secret ({@code BACKUP_NOTIFY_URL_FILE}), or
 * {@code ${BACKUP_NOTIFY_URL}} from the environment of whoever starts the stack.
 *
 * @param always  {@code BACKUP_NOTIFY_ON=always}: every run posts, not only failed ones
 * @param url     the literal URL; null when it comes from a file or the environment
 * @param urlFile a file of the project holding the URL; null when it does not
 */
public record AlertSettings(boolean always, String url, String urlFile) {

    public static final String ON_SETTING = PropertyNames.NOTIFY_ON;
    public static final String URL_SETTING = PropertyNames.NOTIFY_URL;
    public static final String URL_FILE_SETTING = PropertyNames.NOTIFY_URL_FILE;

    public AlertSettings {
        url = blank(url) ? null : url.trim();
        urlFile = blank(urlFile) ? null : urlFile.trim();
        if (url != null && urlFile != null) {
            throw new InvalidSettingException(URL_FILE_SETTING, urlFile, URL_SETTING + " and " + URL_FILE_SETTING
                    + " are both set; give the alert URL one way only.");
        }
        // the rule of notify.sh, so that a URL generate accepts is one the sidecar accepts
        if (url != null && !url.matches("https?://[^\\s\"\\\\]+")) {
            // the value is not carried: a webhook URL is a secret, as the message knows
            throw new InvalidSettingException(URL_SETTING, null, URL_SETTING + " is not an http:// or https:// URL without blanks,"
                    + " quotes or backslashes.");
        }
        if (urlFile != null) {
            String normalized = urlFile.replace('\\', '/');
            if (normalized.startsWith("/") || normalized.equals("..") || normalized.startsWith("../")
                    || normalized.contains("/../") || normalized.matches("[A-Za-z]:.*")) {
                throw new InvalidSettingException(URL_FILE_SETTING, urlFile, URL_FILE_SETTING + "='" + urlFile
                        + "' must be a file inside the project, given relative to its root.");
            }
        }
    }

    /**
     * The alert settings from their text, as a front end has them: none when {@code on} is
     * {@code off}, or when nothing at all is set; {@code on} alone takes the URL from the
     * environment when the stack starts.
     *
     * @param on      {@code failure} (the default once anything is set), {@code always} or {@code off}
     * @param url     a literal URL (it lands in the Compose file as given), or blank
     * @param urlFile a file of the project holding the URL, or blank
     * @throws InvalidInputException naming the setting whose value is not valid
     */
    public static Optional<AlertSettings> of(String on, String url, String urlFile) {
        String when = blank(on) ? "" : on.trim().toLowerCase(Locale.ROOT);
        switch (when) {
            case "off":
                return Optional.empty();
            case "":
                if (blank(url) && blank(urlFile)) {
                    return Optional.empty();
                }
                return Optional.of(new AlertSettings(false, url, urlFile));
            case "failure":
            case "always":
                return Optional.of(new AlertSettings(when.equals("always"), url, urlFile));
            default:
                throw new InvalidSettingException(ON_SETTING, on, ON_SETTING + "='" + on + "' is not failure, always or off.");
        }
    }

    /** {@code BACKUP_NOTIFY_ON}'s value. */
    public String on() {
        return always ? "always" : "failure";
    }

    /** Where the sidecar finds the URL, for a user-facing sentence; never the URL itself. */
    public String describeSource() {
        if (urlFile != null) {
            return "the file " + urlFile + " (a Compose secret)";
        }
        if (url != null) {
            return "the URL given in " + URL_SETTING + ", written into .devcontainer/docker-compose.yml";
        }
        return "BACKUP_NOTIFY_URL in the environment of whoever starts the stack";
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
