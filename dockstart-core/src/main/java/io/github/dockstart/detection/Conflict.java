package io.github.dockstart.detection;

import java.util.Locale;

/** Two sources that disagree on one setting of a database, and which of them won. */
record Conflict(Field field, FieldValue winner, FieldValue loser) {

    /** A note for the user; never shows a password. */
    String describe(String serviceName) {
        String winnerText = source(winner);
        String loserText = source(loser);
        if (field == Field.PASSWORD) {
            return serviceName + ": the password from " + winnerText + " differs from the one in " + loserText
                    + "; using " + winnerText + ".";
        }
        return serviceName + ": " + field.label() + " '" + shown(winner) + "' from " + winnerText + " differs from '"
                + shown(loser) + "' from " + loserText + "; using '" + shown(winner) + "'.";
    }

    private String shown(FieldValue value) {
        return field == Field.TYPE ? value.value().toLowerCase(Locale.ROOT) : value.value();
    }

    private static String source(FieldValue value) {
        return value.source().evidence().toString();
    }
}
