package io.capstan.cli;

import io.capstan.client.ViewType;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/** The {@code --view} option of experiment and run searches. */
final class ViewOption {
    @Option(names = "--view", paramLabel = "VIEW", defaultValue = "active_only",
            converter = Converter.class, completionCandidates = Names.class,
            description = "Lifecycle stages to include: active_only (default), deleted_only or all.")
    ViewType view;

    /** Reads MLflow's view names ({@code active_only}, {@code deleted_only}, {@code all}), in any case. */
    static final class Converter implements ITypeConverter<ViewType> {
        @Override
        public ViewType convert(String value) {
            for (ViewType view : ViewType.values()) {
                if (view.name().equalsIgnoreCase(value.strip())) {
                    return view;
                }
            }
            throw new TypeConversionException("expected active_only, deleted_only or all, got '" + value + "'");
        }
    }

    /** The values shown in help and completion. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of(ViewType.values()).stream().map(v -> v.name().toLowerCase(Locale.ROOT)).iterator();
        }
    }
}
