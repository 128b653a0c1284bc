package io.github.seckill.example.server;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** An answer other than success: a status, a code and a message, and sometimes more fields and a Retry-After. */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String code;
    final transient Map<String, Object> extra = new LinkedHashMap<>();
    @Nullable Long retryAfterSeconds;

    ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    ApiException with(String field, Object value) {
        extra.put(field, value);
        return this;
    }

    ApiException retryAfter(long seconds) {
        this.retryAfterSeconds = Math.max(1, seconds);
        return this;
    }

    static ApiException badRequest(String field, String message) {
        return new ApiException(400, "BAD_REQUEST", message).with("field", field);
    }

    static ApiException notFound(String what) {
        return new ApiException(404, "NOT_FOUND", what + " not found");
    }

    Map<String, Object> body() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("code", code);
        out.put("message", getMessage());
        out.putAll(extra);
        return out;
    }
}
