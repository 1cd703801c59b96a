package dev.migrate.boot.actuate;

import dev.migrate.CallbackFailedException;
import dev.migrate.ConfigurationException;
import dev.migrate.ConnectionFailedException;
import dev.migrate.DirtyDatabaseException;
import dev.migrate.IrreversibleMigrationException;
import dev.migrate.LockTimeoutException;
import dev.migrate.MigrateException;
import dev.migrate.MigrationFailedException;
import dev.migrate.OperationCancelledException;
import dev.migrate.StalePlanException;
import dev.migrate.ValidationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * HTTP side of {@link MigrationsEndpoint}: every refusal and failure becomes a JSON body
 * {@code {"status", "error", "message", ...}} with its status, never a stack trace.
 *
 * <table>
 * <caption>Statuses</caption>
 * <tr><td>400</td><td>bad request: unknown operation, malformed version or planId, invalid target ({@code ConfigurationException})</td></tr>
 * <tr><td>403</td><td>rollback disabled in this environment ({@code migrate.rollback.enabled})</td></tr>
 * <tr><td>404</td><td>no migration with that version (or repeatable migration with that script or description)</td></tr>
 * <tr><td>409</td><td>stale, expired or already used plan, dirty database, validation problems, irreversible migration, lock held</td></tr>
 * <tr><td>412</td><td>the {@code BackupVerifier} refused</td></tr>
 * <tr><td>422</td><td>a migration or a {@code beforeMigrate}/{@code afterMigrate} callback failed while running</td></tr>
 * <tr><td>428</td><td>confirmation required: no {@code planId}</td></tr>
 * <tr><td>503</td><td>the database could not be reached or refused the login ({@code ConnectionFailedException}), the
 * write was cancelled as the application shuts down ({@code OperationCancelledException}), or failed otherwise</td></tr>
 * </table>
 */
@EndpointWebExtension(endpoint = MigrationsEndpoint.class)
public class MigrationsEndpointWebExtension {

    private static final Logger log = LoggerFactory.getLogger(MigrationsEndpointWebExtension.class);

    private final MigrationsEndpoint delegate;

    public MigrationsEndpointWebExtension(MigrationsEndpoint delegate) {
        this.delegate = delegate;
    }

    @ReadOperation
    public WebEndpointResponse<Object> migrations() {
        return answer(delegate::migrations);
    }

    @ReadOperation
    public WebEndpointResponse<Object> migration(@Selector String version) {
        return answer(() -> {
            Object details = delegate.migration(version);
            if (details == null) {
                throw new MigrationsEndpointException(404, "No migration has version or name '" + version
                        + "': no file in the locations and no row in the history. A repeatable migration, which has no version,"
                        + " is named by its script (R__book_titles.sql) or its description (book titles, or book_titles)");
            }
            return details;
        });
    }

    @WriteOperation
    public WebEndpointResponse<Object> operate(@Nullable String operation, @Nullable String of, @Nullable String target,
            @Nullable Integer steps, @Nullable Boolean batch, @Nullable Boolean all, @Nullable String only,
            @Nullable String planId, SecurityContext securityContext) {
        return answer(() -> delegate.operate(operation, of, target, steps, batch, all, only, planId, securityContext));
    }

    private static WebEndpointResponse<Object> answer(Supplier<Object> call) {
        try {
            return new WebEndpointResponse<>(call.get(), WebEndpointResponse.STATUS_OK);
        } catch (MigrationsEndpointException e) {
            return error(e.status(), e.getMessage(), Map.of());
        } catch (ConnectionFailedException e) {
            return error(503, e.getMessage(), Map.of());
        } catch (ConfigurationException e) {
            return error(400, e.getMessage(), Map.of());
        } catch (ValidationException e) {
            return error(409, e.getMessage(), Map.of("problems", e.problems()));
        } catch (StalePlanException | LockTimeoutException e) {
            return error(409, e.getMessage(), Map.of());
        } catch (DirtyDatabaseException e) {
            return error(409, e.getMessage(), details(e.version(), e.script(), null, null));
        } catch (IrreversibleMigrationException e) {
            return error(409, e.getMessage(), details(e.version(), e.script(), null, null));
        } catch (MigrationFailedException e) {
            return error(422, e.getMessage(), details(e.version(), e.script(), e.line(), e.sqlState()));
        } catch (CallbackFailedException e) {
            return error(422, e.getMessage(), Map.of());
        } catch (OperationCancelledException e) {
            // The application is shutting down: the answer says what the cancel left.
            return error(503, e.getMessage(), e.script() == null ? Map.of() : details(e.version(), e.script(), null, null));
        } catch (MigrateException e) {
            log.warn("Migrations endpoint: {}", e.getMessage(), e);
            return error(503, e.getMessage(), Map.of());
        } catch (RuntimeException e) {
            log.error("Migrations endpoint failed", e);
            return error(500, e.getClass().getSimpleName() + ": " + e.getMessage(), Map.of());
        }
    }

    private static Map<String, Object> details(String version, String script, Integer line, String sqlState) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("version", version);
        map.put("script", script);
        if (line != null && line > 0) {
            map.put("line", line);
        }
        if (sqlState != null) {
            map.put("sqlState", sqlState);
        }
        return map;
    }

    static WebEndpointResponse<Object> error(int status, String message, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", reason(status));
        body.put("message", message);
        body.putAll(extra);
        return new WebEndpointResponse<>(body, status);
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 412 -> "Precondition Failed";
            case 422 -> "Unprocessable Content";
            case 428 -> "Precondition Required";
            case 503 -> "Service Unavailable";
            default -> "Internal Server Error";
        };
    }
}
