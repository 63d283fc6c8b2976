package io.emergencyinbox.core.config;

/** A configuration value is missing, unknown or invalid. The message names the file and the key. */
public class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
