package io.capstan.monitoring.drift;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A column's distribution on both sides, for plots: equal-width bins over reference ∪ current for
 * numbers, the most frequent values (and "other") for categories. Shares are of present values.
 *
 * @param labels one label per bin or category; copied, not null
 * @param lowerEdges for numbers, each bin's lower edge (the last bin also holds its upper edge
 *     {@code upperEdge}); empty for categories
 * @param upperEdge the last bin's upper edge; NaN for categories
 * @param reference the reference's share per bin; copied
 * @param current the current's share per bin; copied
 */
public record Distribution(List<String> labels, List<Double> lowerEdges, double upperEdge, List<Double> reference,
        List<Double> current) {
    public Distribution {
        labels = List.copyOf(requireNonNull(labels, "labels is null"));
        lowerEdges = List.copyOf(requireNonNull(lowerEdges, "lowerEdges is null"));
        reference = List.copyOf(requireNonNull(reference, "reference is null"));
        current = List.copyOf(requireNonNull(current, "current is null"));
        if (reference.size() != labels.size() || current.size() != labels.size()) {
            throw new IllegalArgumentException("one share per label is needed");
        }
    }
}
