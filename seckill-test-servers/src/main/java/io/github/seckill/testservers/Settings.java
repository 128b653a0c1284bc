package io.github.seckill.testservers;

import org.jspecify.annotations.Nullable;

/**
 * Reads a setting such as {@code SECKILL_REDIS_URI} from the system property of the same name in lower case
 * with dots ({@code seckill.redis.uri}), which wins, or else from the environment variable.
 */
final class Settings {

    private Settings() {}

    /** The non-blank value, trimmed, or null. */
    static @Nullable String get(String environmentVariable) {
        String value = System.getProperty(propertyName(environmentVariable));
        if (value == null || value.isBlank()) {
            value = System.getenv(environmentVariable);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    static String propertyName(String environmentVariable) {
        return environmentVariable.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
    }
}
