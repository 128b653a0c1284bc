package io.github.seckill.example.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bearer tokens: {@code base64url(claims).base64url(HMAC-SHA256(claims))}, the claims a JSON object with the subject
 * (user id), the role and the expiry (epoch seconds). Every instance of a sale shares the secret.
 */
final class Tokens {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final byte[] secret;
    private final InstantSource clock;
    private final ObjectMapper json = new ObjectMapper();

    Tokens(byte[] secret, InstantSource clock) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the token secret must have at least 32 bytes");
        }
        this.secret = secret.clone();
        this.clock = clock;
    }

    /** @return tokens under a fresh random secret, for one process */
    static Tokens random(InstantSource clock) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new Tokens(secret, clock);
    }

    /** @return the token of a principal, valid for {@code ttl} */
    String issue(Principal p, Duration ttl) {
        ObjectNode claims = json.createObjectNode();
        claims.put("sub", p.userId());
        claims.put("role", p.role().name().toLowerCase(Locale.ROOT));
        claims.put("exp", clock.instant().plus(ttl).getEpochSecond());
        String body = ENCODER.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        return body + "." + ENCODER.encodeToString(sign(body));
    }

    /** @return the principal of a valid, unexpired token; empty for anything else */
    Optional<Principal> verify(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        String body = token.substring(0, dot);
        byte[] signature;
        byte[] claimsBytes;
        try {
            signature = DECODER.decode(token.substring(dot + 1));
            claimsBytes = DECODER.decode(body);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(sign(body), signature)) {
            return Optional.empty();
        }
        try {
            JsonNode claims = json.readTree(claimsBytes);
            JsonNode sub = claims.get("sub");
            JsonNode role = claims.get("role");
            JsonNode exp = claims.get("exp");
            if (sub == null || !sub.canConvertToLong() || role == null || !role.isTextual() || exp == null
                    || !exp.canConvertToLong() || exp.asLong() <= clock.instant().getEpochSecond()) {
                return Optional.empty();
            }
            Principal.Role r = switch (role.asText()) {
                case "buyer" -> Principal.Role.BUYER;
                case "admin" -> Principal.Role.ADMIN;
                default -> null;
            };
            if (r == null || (r == Principal.Role.BUYER && sub.asLong() <= 0)) {
                return Optional.empty();
            }
            return Optional.of(new Principal(sub.asLong(), r));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private byte[] sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
