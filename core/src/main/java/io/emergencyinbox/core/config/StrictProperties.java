package io.emergencyinbox.core.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import com.google.common.collect.ImmutableMap;

/**
 * Reads a flat key/value configuration file strictly: every read key is remembered, and
 * {@link #rejectUnknownKeys()} refuses keys nobody read (a typo must not silently become a default).
 * Every error names the file and the key.
 */
public final class StrictProperties {
    private final String fileName;
    private final ImmutableMap<String, String> values;
    private final Set<String> read = new HashSet<>();

    public StrictProperties(String fileName, Map<String, String> values) {
        this.fileName = fileName;
        this.values = ImmutableMap.copyOf(values);
    }

    public String fileName() {
        return fileName;
    }

    public Optional<String> optionalString(String key) {
        read.add(key);
        return Optional.ofNullable(values.get(key)).map(String::trim);
    }

    public String string(String key, String defaultValue) {
        String value = optionalString(key).orElse(defaultValue);
        if (value.isEmpty()) {
            throw error(key, "must not be empty");
        }
        return value;
    }

    public Duration duration(String key, Duration defaultValue) {
        return parse(key, DurationValue::parse).orElse(defaultValue);
    }

    public int integer(String key, int defaultValue, int min, int max) {
        int value = parse(key, Integer::parseInt).orElse(defaultValue);
        if (value < min || value > max) {
            throw error(key, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    public double decimal(String key, double defaultValue, double min, double max) {
        double value = parse(key, Double::parseDouble).orElse(defaultValue);
        if (!(value >= min && value <= max)) {
            throw error(key, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    public boolean bool(String key, boolean defaultValue) {
        return parse(key, value -> {
            if (value.equals("true")) {
                return true;
            }
            if (value.equals("false")) {
                return false;
            }
            throw new IllegalArgumentException("'" + value + "' is not a boolean (expected true or false)");
        }).orElse(defaultValue);
    }

    public <T> Optional<T> parse(String key, Function<String, T> parser) {
        return optionalString(key).map(value -> {
            try {
                return parser.apply(value);
            } catch (RuntimeException e) {
                throw error(key, e.getMessage() == null ? "invalid value '" + value + "'" : e.getMessage());
            }
        });
    }

    /** Checks a condition over already-read values; the message names the key. */
    public void check(boolean condition, String key, String message) {
        if (!condition) {
            throw error(key, message);
        }
    }

    public void rejectUnknownKeys() {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) {
            String key = unknown.iterator().next();
            throw new ConfigurationException(fileName + ": unknown key '" + key + "'"
                + (unknown.size() > 1 ? " (and " + (unknown.size() - 1) + " more: " + unknown + ")" : "")
                + ". Known keys are listed in docs/configuration.md");
        }
    }

    public ConfigurationException error(String key, String message) {
        return new ConfigurationException(fileName + ": key '" + key + "' " + message);
    }
}
