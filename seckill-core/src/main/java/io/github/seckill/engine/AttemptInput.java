package io.github.seckill.engine;

import io.github.seckill.InvalidRequestException;
import org.jspecify.annotations.Nullable;

/** Checks an attempt's input before anything else: bad input never reaches a backend. */
final class AttemptInput {

    static final int MAX_REQUEST_ID_LENGTH = 64;

    private AttemptInput() {
    }

    /**
     * @throws InvalidRequestException naming the first bad field
     */
    static void check(ActivityState a, long userId, @Nullable String requestId, int quantity) {
        checkUser(userId);
        checkRequestId(requestId);
        if (quantity < 1 || quantity > a.config.maxQuantityPerOrder()) {
            throw new InvalidRequestException(
                    "quantity", "must be 1.." + a.config.maxQuantityPerOrder() + ", was " + quantity);
        }
    }

    /**
     * @param requestId a buyer's idempotency key
     * @throws InvalidRequestException unless it is 1 to 64 characters of {@code [A-Za-z0-9._:-]}
     */
    static void checkUser(long userId) {
        if (userId <= 0) {
            throw new InvalidRequestException("userId", "must be positive, was " + userId);
        }
    }

    static void checkRequestId(@Nullable String requestId) {
        if (requestId == null || requestId.isEmpty() || requestId.length() > MAX_REQUEST_ID_LENGTH) {
            throw new InvalidRequestException("requestId", "must be 1.." + MAX_REQUEST_ID_LENGTH + " characters");
        }
        for (int i = 0; i < requestId.length(); i++) {
            char c = requestId.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':';
            if (!ok) {
                throw new InvalidRequestException("requestId", "may only contain [A-Za-z0-9._:-]");
            }
        }
    }
}
