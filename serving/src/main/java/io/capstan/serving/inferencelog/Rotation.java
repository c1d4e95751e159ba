package io.capstan.serving.inferencelog;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the file log splits records into files by their timestamp (UTC): one file per hour
 * ({@code inference-YYYYMMDD-HH.jsonl}) or per day ({@code inference-YYYYMMDD.jsonl}). A file
 * holds exactly the records whose timestamps fall in its period, so a reader picks files by name.
 */
public enum Rotation {
    HOURLY,
    DAILY;

    private static final Pattern FILE = Pattern.compile("inference-(\\d{8})(?:-(\\d{2}))?\\.jsonl");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuuMMdd-HH").withZone(ZoneOffset.UTC);

    /** The length of one file's period. */
    public Duration period() {
        return switch (this) {
            case HOURLY -> Duration.ofHours(1);
            case DAILY -> Duration.ofDays(1);
        };
    }

    /** The start of the period holding {@code timestamp}. */
    public Instant periodStart(Instant timestamp) {
        return switch (this) {
            case HOURLY -> timestamp.truncatedTo(ChronoUnit.HOURS);
            case DAILY -> timestamp.truncatedTo(ChronoUnit.DAYS);
        };
    }

    /** The name of the file holding records stamped {@code timestamp}. */
    public String fileName(Instant timestamp) {
        return switch (this) {
            case HOURLY -> "inference-" + HOUR.format(timestamp) + ".jsonl";
            case DAILY -> "inference-" + DAY.format(timestamp) + ".jsonl";
        };
    }

    /**
     * A log file's period, parsed from its name.
     *
     * @param rotation not null
     * @param start the period's first instant; not null
     */
    public record Period(Rotation rotation, Instant start) {
        public Period {
            java.util.Objects.requireNonNull(rotation, "rotation is null");
            java.util.Objects.requireNonNull(start, "start is null");
        }

        /** The period's exclusive end. */
        public Instant end() {
            return start.plus(rotation.period());
        }

        /** Whether the period shares any instant with {@code [from, to)}. */
        public boolean overlaps(Instant from, Instant to) {
            return start.isBefore(to) && end().isAfter(from);
        }
    }

    /**
     * The period of a file named by either rotation, so a reader copes with a log whose rotation
     * was changed; empty for any other name.
     */
    public static Optional<Period> parse(String fileName) {
        Matcher m = FILE.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            LocalDateTime day = java.time.LocalDate.parse(m.group(1), DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay();
            if (m.group(2) == null) {
                return Optional.of(new Period(DAILY, day.toInstant(ZoneOffset.UTC)));
            }
            int hour = Integer.parseInt(m.group(2));
            if (hour > 23) {
                return Optional.empty();
            }
            return Optional.of(new Period(HOURLY, day.plusHours(hour).toInstant(ZoneOffset.UTC)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
