package dev.migrate.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.migrate.Operation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checks on their own, with values the HTTP tests ({@link MigrationsEndpointTests}) cannot send
 * because Spring MVC refuses them first or hands them over as text.
 */
class MigrationsRequestCheckTests {

    private static final List<String> FIELDS = List.of("operation", "of", "target", "steps", "batch", "all", "only", "planId");

    @Test
    void nullFieldsAndTheAcceptedSpellingsPass() {
        Map<String, Object> fields = new HashMap<>();
        fields.put("operation", "rollback");
        fields.put("steps", null);
        fields.put("batch", "False");
        fields.put("all", true);
        fields.put("planId", "p2.x");
        assertThat(MigrationsRequestCheck.problem(fields, FIELDS)).isNull();
        fields.put("steps", " 3 ");
        assertThat(MigrationsRequestCheck.problem(fields, FIELDS)).isNull();
        fields.put("steps", 3);
        assertThat(MigrationsRequestCheck.problem(fields, FIELDS)).isNull();
    }

    @Test
    void wrongValuesAreNamed() {
        assertThat(MigrationsRequestCheck.problem(Map.of("operation", "rollback", "steps", "3 steps"), FIELDS))
                .isEqualTo("'steps' must be a whole number from 1 to 2147483647, such as \"steps\": 2, not '3 steps'. Nothing was run");
        assertThat(MigrationsRequestCheck.problem(Map.of("steps", 2147483648L), FIELDS))
                .startsWith("'steps' must be a whole number");
        assertThat(MigrationsRequestCheck.problem(Map.of("target", List.of("3")), FIELDS))
                .startsWith("'target' must be a single value, not a list");
        assertThat(MigrationsRequestCheck.problem(Map.of("of", Map.of("x", 1)), FIELDS))
                .startsWith("'of' must be a single value, not an object");
        assertThat(MigrationsRequestCheck.problem(Map.of("planID", "p2.x"), FIELDS)).startsWith("Unknown field 'planID'");
    }

    /** A rollback version that is not one is a 400 naming it, whichever exception the core's RollbackRequest throws. */
    @Test
    void aMalformedRollbackVersionIsABadRequest() {
        MigrationsEndpointException only = catchThrowableOfType(MigrationsEndpointException.class,
                () -> OperationRequest.of(Operation.ROLLBACK, null, null, null, null, "v2"));
        assertThat(only.status()).isEqualTo(400);
        assertThat(only.getMessage()).isEqualTo("Invalid rollback only version: 'v2' is not a migration version: use numbers separated"
                + " by '.' or '_', such as 1, 1.2 or 20240126100000");
        MigrationsEndpointException target = catchThrowableOfType(MigrationsEndpointException.class,
                () -> OperationRequest.of(Operation.ROLLBACK, "4.x", null, null, null, null));
        assertThat(target.status()).isEqualTo(400);
        assertThat(target.getMessage()).startsWith("Invalid rollback target version: '4.x' is not a migration version");
    }
}
