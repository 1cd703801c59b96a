package dev.migrate.boot.actuate;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvoker;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameter;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameters;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;

/**
 * Checks the body of {@code POST /actuator/migrations} before Actuator binds it to the operation's
 * parameters, and answers 400 with a message naming the field when it is wrong.
 *
 * <p>Without it, Actuator ignores a field it does not know, so a typo such as {@code "stepz": 3} or
 * {@code "taget": "3"} turned a request into {@code rollback last} (run at once where no
 * {@code planId} is required), and a value it could not convert ({@code "steps": 2.5},
 * {@code "batch": "maybe"}) was refused with a 400 that said nothing about why. Actuator hands the
 * body's values over as text ({@code 2} and {@code "2"} alike); {@code batch} and {@code all} must be
 * {@code true} or {@code false}, {@code steps} a whole number. A list or an object as a value, or a
 * body that is not JSON, is refused by Spring MVC before this runs, with a 400 without a message.
 *
 * <p>Actuator applies it to the endpoint's JMX operation as well, where an application exposes the endpoint
 * over both: there the MBean's signature fixes the fields, and a value of the wrong kind fails the call
 * ({@code ReflectionException} with the same message) instead of answering a 400 body.
 */
public class MigrationsRequestCheck implements OperationInvokerAdvisor {

    private static final EndpointId ENDPOINT = EndpointId.of("migrations");

    @Override
    public OperationInvoker apply(EndpointId endpointId, OperationType operationType, OperationParameters parameters,
            OperationInvoker invoker) {
        if (!endpointId.equals(ENDPOINT) || operationType != OperationType.WRITE) {
            return invoker;
        }
        return context -> {
            // The body's fields are the operation's parameters, less those Actuator supplies itself (SecurityContext).
            List<String> known = parameters.stream().filter(p -> !context.canResolve(p.getType()))
                    .map(OperationParameter::getName).toList();
            String problem = problem(context.getArguments(), known);
            if (problem == null) {
                return invoker.invoke(context);
            }
            if (!context.canResolve(WebServerNamespace.class)) {
                // Not HTTP (JMX, where Actuator applies every advisor too): a failed call, as Actuator's own refusals there.
                throw new InvalidEndpointRequestException(problem, problem);
            }
            return MigrationsEndpointWebExtension.error(400, problem, Map.of());
        };
    }

    /**
     * What is wrong with the request's fields, or null.
     *
     * @param known the fields the body may have, in the order the message lists them
     */
    static @Nullable String problem(Map<String, @Nullable Object> fields, List<String> known) {
        for (String name : fields.keySet()) {
            if (!known.contains(name)) {
                return "Unknown field '" + name + "': the body takes " + String.join(", ", known) + ". Nothing was run";
            }
        }
        for (Map.Entry<String, @Nullable Object> field : fields.entrySet()) {
            String problem = problem(field.getKey(), field.getValue());
            if (problem != null) {
                return problem + ". Nothing was run";
            }
        }
        return null;
    }

    private static @Nullable String problem(String name, @Nullable Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
            return "'" + name + "' must be a single value, not " + (value instanceof Map ? "an object" : "a list");
        }
        String text = value.toString().strip();
        return switch (name) {
            case "steps" -> wholeNumber(text) ? null
                    : "'steps' must be a whole number from 1 to " + Integer.MAX_VALUE + ", such as \"steps\": 2, not '" + shown(text) + "'";
            case "batch", "all" -> text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false") ? null
                    : "'" + name + "' must be true or false, not '" + shown(text) + "'";
            default -> null;
        };
    }

    /** A whole number a rollback's {@code steps} can hold; below 1 is refused with the request's own message. */
    private static boolean wholeNumber(String text) {
        return text.matches("-?[0-9]{1,30}") && new BigInteger(text).compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) <= 0;
    }

    private static String shown(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
