package io.github.seckill;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A caller passed input that can never succeed (a non-positive user id, a malformed request id, an activity that was
 * never launched, ...). Nothing was changed anywhere; the message names the offending field.
 */
public class InvalidRequestException extends SeckillException {
    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field the name of the offending input
     * @param message why it was rejected
     */
    public InvalidRequestException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** @return the name of the offending input, for example {@code requestId} */
    public String field() {
        return field;
    }

    /**
     * @param value an input that must be given
     * @param field its name
     * @param <T> its type
     * @return the value
     * @throws InvalidRequestException naming the field if it is null
     */
    public static <T> T requireNonNull(@Nullable T value, String field) {
        if (value == null) {
            throw new InvalidRequestException(field, "must not be null");
        }
        return value;
    }

    /**
     * @param id an activity, user or order id
     * @param field its name
     * @return the id
     * @throws InvalidRequestException naming the field unless it is positive
     */
    public static long requirePositive(long id, String field) {
        if (id <= 0) {
            throw new InvalidRequestException(field, "must be positive, was " + id);
        }
        return id;
    }

    /**
     * @param value a count or size
     * @param min the least it may be
     * @param field its name
     * @return the value
     * @throws InvalidRequestException naming the field if it is below {@code min}
     */
    public static long requireAtLeast(long value, long min, String field) {
        if (value < min) {
            throw new InvalidRequestException(field, "must be at least " + min + ", was " + value);
        }
        return value;
    }

    /**
     * @param duration a timeout, interval or lease
     * @param field its name
     * @return the duration
     * @throws InvalidRequestException naming the field unless it is given and positive
     */
    public static Duration requirePositive(@Nullable Duration duration, String field) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new InvalidRequestException(field, "must be a positive duration, was " + duration);
        }
        return duration;
    }

    /**
     * @param ratio a share
     * @param field its name
     * @return the ratio
     * @throws InvalidRequestException naming the field unless it is within 0..1
     */
    public static double requireRatio(double ratio, String field) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new InvalidRequestException(field, "must be within 0..1, was " + ratio);
        }
        return ratio;
    }

    /**
     * @param text a name, reason or operation id
     * @param maxLength the most characters it may have
     * @param field its name
     * @return the text
     * @throws InvalidRequestException naming the field if it is null, blank, too long or holds control characters
     */
    public static String requireText(@Nullable String text, int maxLength, String field) {
        if (text == null || text.isBlank() || text.length() > maxLength) {
            throw new InvalidRequestException(field, "must be 1.." + maxLength + " characters, not blank");
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw new InvalidRequestException(field, "must not contain control characters");
            }
        }
        return text;
    }
}
