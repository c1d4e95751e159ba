package io.capstan.registry;

import io.capstan.core.CapstanException;
import io.capstan.tracking.Limits;
import io.capstan.tracking.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * MLflow's input rules for the registry ({@code mlflow/utils/validation.py} of MLflow 3.x), with
 * its messages. Stateless.
 */
final class RegistryValidation {
    static final int MAX_TAG_KEY_LENGTH = 250;
    /** MLflow 3.x allows long tag values: a prompt's whole template lives in one. */
    static final int MAX_TAG_VALUE_LENGTH = 100_000;
    static final int MAX_ALIAS_LENGTH = 255;

    private static final Pattern TAG_KEY = Pattern.compile("^[/\\w.\\- :]*$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern ALIAS = Pattern.compile("^[\\w\\-]*$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern VERSION_ALIAS = Pattern.compile("^[vV]\\d+$", Pattern.UNICODE_CHARACTER_CLASS);
    /** What Python's {@code int()} accepts, surrounding whitespace aside. */
    private static final Pattern PYTHON_INT = Pattern.compile("^[+-]?\\d+(_\\d+)*$");
    private static final String PROMPT_TEXT_TAG = "mlflow.prompt.text";

    private RegistryValidation() {
    }

    static void modelName(String name) {
        if (name == null || name.strip().isEmpty()) {
            throw missing("name");
        }
        if (name.indexOf('/') >= 0 || name.indexOf(':') >= 0) {
            throw CapstanException.invalid("Invalid model name '%s'. Names cannot contain '/' or ':'.", name);
        }
        if (Limits.pathNotUnique(name)) {
            throw invalidValue("name", name, badPathMessage(name));
        }
    }

    static void newModelName(String newName) {
        if (newName == null || newName.strip().isEmpty()) {
            throw missing("new_name");
        }
        modelName(newName);
    }

    /** The version number a client wrote, read like Python's {@code int()}. */
    static long version(String version) {
        String text = version == null ? "" : version.strip();
        if (PYTHON_INT.matcher(text).matches()) {
            try {
                return Long.parseLong(text.replace("_", "").replaceFirst("^\\+", ""));
            } catch (NumberFormatException e) {
                // beyond 64 bits: an integer to Python, but no version can have that number
                return 0;
            }
        }
        throw CapstanException.invalid("Parameter 'version' must be an integer, got '%s'.", version);
    }

    static void tagKey(String key) {
        if (key == null) {
            throw missing("key");
        }
        if (!TAG_KEY.matcher(key).matches()) {
            throw invalidValue("key", key, "Names may only contain alphanumerics, underscores (_), dashes (-), "
                    + "periods (.), spaces ( ), colon(:) and slashes (/).");
        }
        if (Limits.pathNotUnique(key)) {
            throw invalidValue("key", key, badPathMessage(key));
        }
    }

    static Tag registeredModelTag(Tag tag) {
        tagKey(tag.key());
        Limits.checkLength(tag.key(), MAX_TAG_KEY_LENGTH, "key");
        Limits.checkLength(tag.value(), MAX_TAG_VALUE_LENGTH, "value");
        return tag;
    }

    static Tag modelVersionTag(Tag tag) {
        tagKey(tag.key());
        Limits.checkLength(tag.key(), MAX_TAG_KEY_LENGTH, "key");
        if (tag.key().equals(PROMPT_TEXT_TAG) && tag.value().length() > MAX_TAG_VALUE_LENGTH) {
            throw CapstanException.invalid("Prompt text exceeds max length of %d characters.", MAX_TAG_VALUE_LENGTH);
        }
        Limits.checkLength(tag.value(), MAX_TAG_VALUE_LENGTH, "value");
        return tag;
    }

    /** Characters and length of an alias, for setting, getting and deleting. */
    static void aliasName(String alias) {
        if (alias == null || alias.isEmpty()) {
            throw CapstanException.invalid("Registered model alias name cannot be empty.");
        }
        if (!ALIAS.matcher(alias).matches()) {
            throw CapstanException.invalid("Invalid alias name: '%s'. Names may only contain alphanumerics, "
                    + "underscores (_), and dashes (-).", alias);
        }
        Limits.checkLength(alias, MAX_ALIAS_LENGTH, "Registered model alias name");
    }

    /** Names only a reader may use: {@code latest} and version references such as {@code v3}. */
    static void aliasNotReserved(String alias) {
        if (alias.equalsIgnoreCase("latest")) {
            throw CapstanException.invalid("'latest' alias name (case insensitive) is reserved.");
        }
        if (VERSION_ALIAS.matcher(alias).matches()) {
            throw CapstanException.invalid("Version alias name '%s' is reserved.", alias);
        }
    }

    static CapstanException missing(String name) {
        return CapstanException.invalid("Missing value for required parameter '%s'.", name);
    }

    /** MLflow's {@code invalid_value}: the value printed as JSON. */
    static CapstanException invalidValue(String parameter, String value, String message) {
        return CapstanException.invalid("Invalid value %s for parameter '%s' supplied: %s", jsonString(value),
                parameter, message);
    }

    private static String badPathMessage(String name) {
        return "Names may be treated as files in certain cases, and must not resolve to other names when treated "
                + "as such. This name would resolve to " + Limits.pythonRepr(Limits.normalizedPath(name));
    }

    /** Python's {@code json.dumps} of a string (ASCII only, like its default). */
    static String jsonString(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
