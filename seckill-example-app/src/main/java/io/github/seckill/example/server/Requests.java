package io.github.seckill.example.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/** Reading requests strictly: JSON bodies of a bounded size and the right type, ids, who is calling. */
final class Requests {

    /** Bodies larger than this are refused ({@code 413}). */
    static final int MAX_BODY_BYTES = 16 * 1024;

    /** Strict: no coercion of strings to numbers, no trailing tokens, no floats for integers. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    static final String PRINCIPAL = "seckill.principal";

    private Requests() {
    }

    /** @return the body as {@code type}, or a {@code 4xx} naming what is wrong */
    static <T> T body(Context ctx, Class<T> type) {
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "send application/json");
        }
        String length = ctx.header("Content-Length");
        if (length != null && length.length() < 19 && Long.parseLong(length.trim()) > MAX_BODY_BYTES) {
            throw new ApiException(413, "TOO_LARGE", "bodies are at most " + MAX_BODY_BYTES + " bytes");
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ApiException(413, "TOO_LARGE", "bodies are at most " + MAX_BODY_BYTES + " bytes");
        }
        if (bytes.length == 0) {
            throw ApiException.badRequest("body", "a JSON object is required");
        }
        try {
            T value = JSON.readValue(bytes, type);
            if (value == null) {
                throw ApiException.badRequest("body", "a JSON object is required");
            }
            return value;
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? "body" : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw ApiException.badRequest(field == null ? "body" : field, "'" + (field == null ? "body" : field)
                    + "' has the wrong type or value");
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body", "malformed JSON");
        } catch (IOException e) {
            throw ApiException.badRequest("body", "unreadable body");
        }
    }

    /** @return a positive id from the path, or {@code 404} (an id that cannot exist names nothing) */
    static long id(Context ctx, String param) {
        String raw = ctx.pathParam(param);
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // falls through: no such thing
        }
        throw ApiException.notFound(param);
    }

    static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) {
            throw new ApiException(401, "UNAUTHORIZED", "a bearer token is required");
        }
        return p;
    }

    static Principal buyer(Context ctx) {
        Principal p = principal(ctx);
        if (p.admin()) {
            throw new ApiException(403, "FORBIDDEN", "this is for buyers");
        }
        return p;
    }

    static Principal admin(Context ctx) {
        Principal p = principal(ctx);
        if (!p.admin()) {
            throw new ApiException(403, "FORBIDDEN", "this is for admins");
        }
        return p;
    }

    /** @return the bearer token's principal, if the request carries a valid one */
    static Optional<Principal> authenticate(Context ctx, Tokens tokens) {
        String header = ctx.header("Authorization");
        if (header == null) {
            return Optional.empty();
        }
        if (!header.startsWith("Bearer ") || header.length() > 1_024) {
            throw new ApiException(401, "UNAUTHORIZED", "malformed Authorization header");
        }
        return Optional.of(tokens.verify(header.substring(7).trim())
                .orElseThrow(() -> new ApiException(401, "UNAUTHORIZED", "invalid or expired token")));
    }
}
