package io.capstan.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/** How a command prints its data. */
enum OutputFormat {
    /** Aligned columns for people. */
    TABLE,
    /** The server's JSON objects, pretty-printed, for programs. */
    JSON;

    /** Reads {@code table} or {@code json}, in any case. */
    static final class Converter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            for (OutputFormat format : values()) {
                if (format.name().equalsIgnoreCase(value.strip())) {
                    return format;
                }
            }
            throw new TypeConversionException("expected table or json, got '" + value + "'");
        }
    }

    /** The values shown in help and completion. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of(TABLE, JSON).stream().map(f -> f.name().toLowerCase(Locale.ROOT)).iterator();
        }
    }
}
