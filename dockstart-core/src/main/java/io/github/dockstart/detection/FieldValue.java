package io.github.dockstart.detection;

/** One source's value for one {@link Field}. */
record FieldValue(String value, Source source) {

    @Override
    public String toString() {
        // may be a password
        return "FieldValue[" + source + "]";
    }
}
