package io.capstan.monitoring.validation;

/** How Python shows and orders the values GX reports. */
final class Values {
    private Values() {
    }

    /** Python's str() of a float: 1.0, 0.1, 1e+20, nan. */
    static String pythonRepr(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e16) {
            return (long) v + ".0";
        }
        String s = Double.toString(v);
        if (s.contains("E")) {
            String[] parts = s.split("E");
            String mantissa = parts[0].endsWith(".0") ? parts[0].substring(0, parts[0].length() - 2) : parts[0];
            int exponent = Integer.parseInt(parts[1]);
            if (exponent >= -4 && exponent < 16) {
                return new java.math.BigDecimal(s).toPlainString();
            }
            return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        return s;
    }

    /** Numbers before strings, each in natural order. */
    static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        return String.valueOf(a).compareTo(String.valueOf(b)) + (a instanceof Number ? -1_000_000 : 0)
                + (b instanceof Number ? 1_000_000 : 0);
    }
}
