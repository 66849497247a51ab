package io.github.dockstart.detection;

import io.github.dockstart.model.Evidence;

/**
 * Where a detected value came from and how much it counts when sources disagree: the more
 * specific source has the higher rank.
 */
record Source(Evidence evidence, int rank) {

    /** A driver in the pom: says which engine, nothing more. */
    static final int POM = 0;
    /** {@code DATABASE_URL} / {@code REDIS_URL} in {@code .env}. */
    static final int DOT_ENV = 10;
    /** The project's own Compose file. */
    static final int COMPOSE = 20;
    /** A profile for another environment ({@code prod}, {@code test}, …): counts less than the base file. */
    static final int OTHER_ENVIRONMENT_PROFILE = 25;
    /** Application configuration without a profile. */
    static final int CONFIG = 30;
    /** Application configuration of a (development) profile: beats the base file. */
    static final int PROFILE = 40;
    /** The engine and image a Compose service really runs, whatever the configuration expects. */
    static final int COMPOSE_IMAGE = 100;

    @Override
    public String toString() {
        return evidence.toString();
    }
}
