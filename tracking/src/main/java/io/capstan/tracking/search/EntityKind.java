package io.capstan.tracking.search;

/** What an identifier in a filter or order-by clause refers to. */
public enum EntityKind {
    /** {@code metrics.<key>}: the latest value of a metric. */
    METRIC,
    /** {@code params.<key>}. */
    PARAM,
    /** {@code tags.<key>}. */
    TAG,
    /** A column of the entity itself ({@code attributes.status}, bare {@code name}, ...). */
    ATTRIBUTE,
    /** {@code datasets.name|digest|context}: the datasets a run consumed. */
    DATASET
}
