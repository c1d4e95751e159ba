package io.capstan.monitoring.quality;

/**
 * The one text form of a label, so that a label posted as JSON {@code 1}, {@code 1.0} or {@code "1"}
 * equals the int64 {@code 1} an ONNX classifier predicted: whole numbers without a fraction
 * ({@code "1"}), other numbers in Java's shortest exact form ({@code "0.25"}), booleans as Python
 * prints them ({@code "True"}), text as it is.
 */
public final class Labels {
    private Labels() {
    }

    /** Returns the canonical text of a number. */
    public static String canonical(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** Returns the canonical text of a boolean. */
    public static String canonical(boolean value) {
        return value ? "True" : "False";
    }

    /**
     * Returns the number a canonical label stands for, or NaN when it is not a number.
     */
    public static double number(String label) {
        try {
            return Double.parseDouble(label);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
