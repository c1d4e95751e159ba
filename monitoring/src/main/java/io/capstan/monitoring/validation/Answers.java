package io.capstan.monitoring.validation;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;

/** What a {@link ColumnScan} answered, by measure. Immutable once built. */
public final class Answers {
    private final Map<Measure<?>, Object> answers;

    private Answers(Map<Measure<?>, Object> answers) {
        this.answers = answers;
    }

    /**
     * Returns the answer to {@code measure}; null where the measure says it may be (e.g. the mean of no values).
     *
     * @throws IllegalArgumentException if the measure was not answered
     */
    @SuppressWarnings("unchecked")
    public <A> A get(Measure<A> measure) {
        requireNonNull(measure, "measure is null");
        if (!answers.containsKey(measure)) {
            throw new IllegalArgumentException("no answer for " + measure);
        }
        // put() only takes an answer of the measure's own type
        return (A) answers.get(measure);
    }

    /** Collects answers; not thread-safe. */
    public static final class Builder {
        private final Map<Measure<?>, Object> answers = new HashMap<>();

        /** Records the answer to {@code measure} (null only where the measure allows it). */
        public <A> Builder put(Measure<A> measure, A answer) {
            answers.put(requireNonNull(measure, "measure is null"), answer);
            return this;
        }

        /** Returns whether {@code measure} has an answer yet. */
        public boolean has(Measure<?> measure) {
            return answers.containsKey(measure);
        }

        /** Returns the answers collected so far. */
        public Answers build() {
            return new Answers(new HashMap<>(answers));
        }
    }
}
