package io.capstan.tracking.search;

/** A comparison operator of MLflow's filter grammar. */
public enum Comparator {
    EQ("="),
    NEQ("!="),
    LT("<"),
    LTE("<="),
    GT(">"),
    GTE(">="),
    /** SQL LIKE, case-sensitive ({@code %} and {@code _} wildcards). */
    LIKE("LIKE"),
    /** SQL LIKE, case-insensitive. */
    ILIKE("ILIKE"),
    IN("IN"),
    NOT_IN("NOT IN");

    private final String text;

    Comparator(String text) {
        this.text = text;
    }

    /** The operator as written in a filter. */
    public String text() {
        return text;
    }
}
