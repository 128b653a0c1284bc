package io.github.seckill.example.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import org.jspecify.annotations.Nullable;

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
    /** Never used itself, only copied: a copy is keyed already. */
    private final Mac keyed;

    Tokens(byte[] secret, InstantSource clock) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the token secret must have at least 32 bytes");
        }
        this.secret = secret.clone();
        this.clock = clock;
        this.keyed = newMac(this.secret);
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
        return body + "." + ENCODER.encodeToString(signature(body));
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
        if (!MessageDigest.isEqual(signature(body), signature)) {
            return Optional.empty();
        }
        // Read as a stream: this runs on every request, and a tree of the three claims is garbage at once.
        long sub = 0;
        long exp = 0;
        Principal.@Nullable Role role = null;
        boolean hasSub = false;
        boolean hasExp = false;
        try (JsonParser claims = json.getFactory().createParser(claimsBytes)) {
            if (claims.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (claims.nextToken() == JsonToken.FIELD_NAME) {
                String name = claims.currentName();
                JsonToken value = claims.nextToken();
                if (name.equals("sub") && value == JsonToken.VALUE_NUMBER_INT) {
                    sub = claims.getLongValue();
                    hasSub = true;
                } else if (name.equals("exp") && value == JsonToken.VALUE_NUMBER_INT) {
                    exp = claims.getLongValue();
                    hasExp = true;
                } else if (name.equals("role") && value == JsonToken.VALUE_STRING) {
                    role = switch (claims.getText()) {
                        case "buyer" -> Principal.Role.BUYER;
                        case "admin" -> Principal.Role.ADMIN;
                        default -> null;
                    };
                } else {
                    claims.skipChildren();
                }
            }
            if (claims.currentToken() != JsonToken.END_OBJECT) {
                return Optional.empty();
            }
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
        if (!hasSub || !hasExp || role == null || exp <= clock.instant().getEpochSecond()
                || (role == Principal.Role.BUYER && sub <= 0)) {
            return Optional.empty();
        }
        return Optional.of(new Principal(sub, role));
    }

    /** @return the HMAC of a token's body */
    byte[] signature(String body) {
        Mac mac;
        try {
            // A copy of the keyed prototype: keying a new Mac per request was a tenth of the sold-out answer's cost.
            mac = (Mac) keyed.clone();
        } catch (CloneNotSupportedException e) {
            mac = newMac(secret);
        }
        return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
    }

    private static Mac newMac(byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
