package io.github.dockstart.detection;

import io.github.dockstart.model.AppSetting;
import io.github.dockstart.model.AppSetting.Naming;
import io.github.dockstart.model.AppSetting.Part;
import io.github.dockstart.model.DatabaseType;

/**
 * A setting through which the application finds a database, as found in one source, before the
 * database's engine is certain.
 *
 * @param key   the key or variable as the application names it
 * @param naming how the framework maps environment variables onto it
 * @param part  what it holds
 * @param url   for a URL: the configured value with placeholders resolved, possibly still holding
 *              some, or {@code null} when nothing configures it
 * @param style the kind of URL the key expects, for when {@code url} is no usable URL
 * @param rank  how much its source counts ({@link Source}); the higher one wins for one variable
 */
record SettingClue(String key, Naming naming, Part part, String url, UrlStyle style, int rank) {

    /** Below every source: a key the project does not configure, added so that the app finds the service. */
    static final int STANDARD_KEY = -1;

    String environmentVariable() {
        return AppSetting.environmentVariable(key, naming);
    }

    AppSetting toAppSetting(DatabaseType type) {
        if (part != Part.URL) {
            return new AppSetting(key, naming, part, null);
        }
        String usable = url != null && ConnectionUrl.looksLikeOne(url) ? url.strip() : style.minimalUrl(type);
        return new AppSetting(key, naming, part, usable);
    }

    @Override
    public String toString() {
        // the URL may hold a password
        return "SettingClue[" + key + " " + part + ", rank " + rank + "]";
    }
}
