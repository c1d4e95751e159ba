package io.capstan.monitoring.table;

import static java.util.Objects.requireNonNull;

/**
 * A column of a type drift tests do not read (dates, timestamps, lists…): only its name, source type
 * and size are kept.
 *
 * @param name the column's name; not null
 * @param typeName the source's type name, e.g. {@code "DATE"}; not null
 * @param size the number of rows
 * @param missingCount the number of missing values
 */
public record OtherColumn(String name, String typeName, int size, int missingCount) implements TableColumn {
    public OtherColumn {
        requireNonNull(name, "name is null");
        requireNonNull(typeName, "typeName is null");
    }
}
