package dev.migrate.boot.actuate;

import dev.migrate.Plan;
import dev.migrate.PlanStep;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The {@code planId} that confirms a plan: the request it was made for, the fingerprint of the history
 * it was made from, a digest of its steps (so that a redeploy with different migration files also
 * makes it stale), when it was made, and a random nonce, so that two plans of the same request never
 * share an id and each can be used once ({@link PlanLedger}). Its content is encoded, not stored: any
 * instance of the application can check it, also after a restart. It is a confirmation that the
 * caller saw the plan, not a secret: who may write is decided by endpoint access and Spring Security.
 */
record PlanId(OperationRequest request, String fingerprint, String stepsDigest, Instant issuedAt, String nonce) {

    private static final String PREFIX = "p2.";
    private static final SecureRandom RANDOM = new SecureRandom();

    static PlanId of(OperationRequest request, Plan plan, Instant now) {
        byte[] nonce = new byte[8];
        RANDOM.nextBytes(nonce);
        return new PlanId(request, plan.fingerprint(), digest(plan), Instant.ofEpochSecond(now.getEpochSecond()),
                HexFormat.of().formatHex(nonce));
    }

    String encode() {
        String text = request.canonical() + "\n" + fingerprint + "\n" + stepsDigest + "\n" + issuedAt.getEpochSecond() + "\n" + nonce;
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws MigrationsEndpointException (400) when {@code id} is not a planId */
    static PlanId decode(String id) {
        MigrationsEndpointException malformed = new MigrationsEndpointException(400,
                "planId '" + id + "' is not one this endpoint made: POST {\"operation\": \"plan\", ...} and use the planId it returns");
        if (id == null || !id.startsWith(PREFIX)) {
            throw malformed;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(id.substring(PREFIX.length())), StandardCharsets.UTF_8);
            String[] parts = text.split("\n", -1);
            if (parts.length != 5 || parts[4].isEmpty()) {
                throw malformed;
            }
            OperationRequest request = OperationRequest.parse(parts[0]);
            if (request == null) {
                throw malformed;
            }
            return new PlanId(request, parts[1], parts[2], Instant.ofEpochSecond(Long.parseLong(parts[3])),
                    parts[4]);
        } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
            throw malformed;
        }
    }

    /** Digest of what the plan would do: direction, migration and SQL of every step. */
    static String digest(Plan plan) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (PlanStep step : plan.steps()) {
                update(sha, step.direction().name());
                update(sha, String.valueOf(step.version()));
                update(sha, step.script());
                for (PlanStep.PlannedStatement statement : step.statements()) {
                    update(sha, statement.sql());
                }
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void update(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }
}
