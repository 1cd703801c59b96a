package dev.migrate.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.migrate.AuditEntry;
import dev.migrate.Migrator;
import dev.migrate.boot.testing.TestDatabase;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanException;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.MBeanServerConnection;
import javax.management.ReflectionException;
import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXPrincipal;
import javax.management.remote.JMXServiceURL;
import javax.security.auth.Subject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The {@code migrations} endpoint over JMX, on a real H2 database and the platform MBean server, called as a JMX
 * client calls it ({@code MBeanServer.invoke} with the operation's signature). Boot 4.1 exposes nothing of it over
 * JMX by default ({@code spring.jmx.enabled=false}, and {@code management.endpoints.jmx.exposure.include=health});
 * where an application exposes it, a write keeps every rule of the endpoint that is not about HTTP: the
 * {@code planId} a confirming environment requires, its single use, rollback disabled in {@code prod}, and a value
 * of the wrong kind refused before anything runs.
 */
class MigrationsEndpointJmxTests {

    private static final AtomicInteger DOMAINS = new AtomicInteger();

    /** {@code operate}'s signature as the MBean describes it, less the {@code SecurityContext} Actuator supplies. */
    private static final String[] OPERATE = {"java.lang.String", "java.lang.String", "java.lang.String", "java.lang.Integer",
        "java.lang.Boolean", "java.lang.Boolean", "java.lang.String", "java.lang.String"};

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private TestDatabase database;
    private ConfigurableApplicationContext context;
    private String domain;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.create(TestDatabase.Kind.H2);
        domain = "dev.migrate.jmxtest" + DOMAINS.incrementAndGet();
    }

    @AfterEach
    void close() {
        if (context != null) {
            context.close();
        }
        database.close();
    }

    @Test
    void bootsDefaultsExposeNothingOfTheEndpointOverJmx() throws Exception {
        start(WebApplicationType.NONE, "management.endpoint.migrations.access=unrestricted");
        assertThat(server.queryNames(new ObjectName(domain + ":*"), null)).as("spring.jmx.enabled is false by default").isEmpty();
        context.close();

        start(WebApplicationType.NONE, "spring.jmx.enabled=true", "management.endpoint.migrations.access=unrestricted");
        assertThat(server.queryNames(new ObjectName(domain + ":*"), null)).as("JMX exposes health only by default")
                .extracting(name -> name.getKeyProperty("name")).containsExactly("Health");
    }

    @Test
    void readOnlyAccessLeavesTheWriteOperationOutOfTheMBean() throws Exception {
        start(WebApplicationType.NONE, "spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=migrations");
        assertThat(operations()).containsExactlyInAnyOrder("migrations", "migration");
        Map<?, ?> details = (Map<?, ?>) server.invoke(endpoint(), "migration", new Object[] {"R__book_titles.sql"},
                new String[] {"java.lang.String"});
        assertThat(details.get("type")).isEqualTo("REPEATABLE");
    }

    @Test
    void aConfirmingEnvironmentRequiresThePlanIdOfAPlanAndTakesItOnce() throws Exception {
        start(WebApplicationType.NONE, "spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=migrations",
                "management.endpoint.migrations.access=unrestricted", "migrate.environment=staging");
        assertThat(operations()).contains("operate");
        Migrator migrator = context.getBean(Migrator.class);

        Throwable unconfirmed = catchThrowable(() -> operate("rollback", null, null));
        assertThat(unconfirmed).isInstanceOf(MBeanException.class).hasMessageContaining("The staging environment requires"
                + " confirmation").hasMessageContaining("(migrate.confirmation.required)");
        assertThat(migrator.status().current()).isEqualTo("3");

        Map<?, ?> plan = (Map<?, ?>) operate("plan", "rollback", null);
        String planId = (String) plan.get("planId");
        assertThat(planId).startsWith("p2.");
        Map<?, ?> rolledBack = (Map<?, ?>) operate("rollback", null, planId);
        assertThat(rolledBack.get("toVersion")).isEqualTo("2");
        assertThat(migrator.status().current()).isEqualTo("2");

        Throwable replay = catchThrowable(() -> operate("rollback", null, planId));
        assertThat(replay).isInstanceOf(MBeanException.class).hasMessageContaining("already used");
        assertThat(migrator.status().current()).isEqualTo("2");
        // A call on the platform MBean server itself carries no subject: the audit rows say it came over JMX, naming
        // nobody, neither the database user nor migrate.installed-by, which stand for the application's own runs.
        assertThat(migrator.history()).filteredOn(e -> PlanLedger.OPERATION.equals(e.operation()))
                .extracting(AuditEntry::details, AuditEntry::performedBy).containsExactly(org.assertj.core.groups.Tuple.tuple(planId,
                        "JMX caller"));
        // The refusals too: before the plan (no planId), and the replay.
        assertThat(migrator.history()).filteredOn(e -> "ROLLBACK".equals(e.operation()))
                .extracting(AuditEntry::outcome, AuditEntry::performedBy).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(AuditEntry.REFUSED, "JMX caller"),
                        org.assertj.core.groups.Tuple.tuple(AuditEntry.SUCCESS, "JMX caller"),
                        org.assertj.core.groups.Tuple.tuple(AuditEntry.REFUSED, "JMX caller"));
    }

    /**
     * Over a remote connector that authenticates its clients, the audit rows of a write name the client as the
     * connector authenticated it, marked as a JMX caller; the startup migrate's rows keep the database user.
     */
    @Test
    void aWriteOverAnAuthenticatedConnectorIsAuditedUnderTheClientsName() throws Exception {
        start(WebApplicationType.NONE, "spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=migrations",
                "management.endpoint.migrations.access=unrestricted", "migrate.environment=dev");
        JMXAuthenticator authenticator = credentials -> {
            String[] pair = (String[]) credentials;
            if (!"alice".equals(pair[0]) || !"secret".equals(pair[1])) {
                throw new SecurityException("Bad credentials");
            }
            return new Subject(true, Set.of(new JMXPrincipal("alice")), Set.of(), Set.of());
        };
        JMXConnectorServer connector = JMXConnectorServerFactory.newJMXConnectorServer(new JMXServiceURL("service:jmx:rmi://127.0.0.1"),
                Map.of(JMXConnectorServer.AUTHENTICATOR, authenticator), server);
        connector.start();
        try (JMXConnector client = JMXConnectorFactory.connect(connector.getAddress(),
                Map.of(JMXConnector.CREDENTIALS, new String[] {"alice", "secret"}))) {
            MBeanServerConnection remote = client.getMBeanServerConnection();
            Map<?, ?> rolledBack = (Map<?, ?>) remote.invoke(endpoint(), "operate",
                    new Object[] {"rollback", null, null, null, null, null, null, null}, OPERATE);
            assertThat(rolledBack.get("performedBy")).isEqualTo("alice (JMX)");
            remote.invoke(endpoint(), "operate", new Object[] {"migrate", null, null, null, null, null, null, null}, OPERATE);
        } finally {
            connector.stop();
        }
        Migrator migrator = context.getBean(Migrator.class);
        assertThat(migrator.status().current()).isEqualTo("3");
        assertThat(migrator.history()).extracting(AuditEntry::operation, AuditEntry::version, AuditEntry::performedBy).endsWith(
                org.assertj.core.groups.Tuple.tuple("ROLLBACK", "3", "alice (JMX)"), org.assertj.core.groups.Tuple.tuple("APPLY", "3",
                        "alice (JMX)"));
        assertThat(migrator.history().get(0).performedBy()).as("the startup migrate").isEqualTo("sa");
    }

    @Test
    void prodRefusesARollbackOverJmxAsOverHttp() throws Exception {
        start(WebApplicationType.NONE, "spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=migrations",
                "management.endpoint.migrations.access=unrestricted", "migrate.environment=prod");
        String planId = (String) ((Map<?, ?>) operate("plan", "rollback", null)).get("planId");
        assertThat(catchThrowable(() -> operate("rollback", null, planId))).isInstanceOf(MBeanException.class)
                .hasMessageContaining("Rollback from Actuator is disabled in the prod environment");
        assertThat(context.getBean(Migrator.class).status().current()).isEqualTo("3");
        assertThat(context.getBean(Migrator.class).history()).last()
                .extracting(AuditEntry::operation, AuditEntry::outcome, AuditEntry::description, AuditEntry::performedBy)
                .containsExactly("ROLLBACK", AuditEntry.REFUSED, "rollback last", JmxCaller.ANONYMOUS);
    }

    /**
     * Exposed over HTTP as well, the body check of {@code POST /actuator/migrations} (an Actuator invoker advisor) is
     * applied to the JMX operation too. There, a value of the wrong kind is a failed call naming it, as Actuator's own
     * refusals over JMX are, not a normal answer that holds an HTTP error, and nothing runs.
     */
    @Test
    void exposedOverHttpToo_aValueOfTheWrongKindFailsTheJmxCall() throws Exception {
        start(WebApplicationType.SERVLET, "server.port=0", "spring.jmx.enabled=true",
                "management.endpoints.jmx.exposure.include=migrations", "management.endpoints.web.exposure.include=migrations",
                "management.endpoint.migrations.access=unrestricted", "migrate.environment=dev");
        assertThat(context.getBeansOfType(MigrationsRequestCheck.class)).hasSize(1);
        Throwable refused = catchThrowable(() -> server.invoke(endpoint(), "operate",
                new Object[] {"rollback", null, null, "2.5", null, null, null, null}, OPERATE));
        assertThat(refused).isInstanceOf(ReflectionException.class)
                .hasMessageContaining("'steps' must be a whole number from 1 to 2147483647, such as \"steps\": 2, not '2.5'")
                .hasMessageContaining("Nothing was run");
        Throwable maybe = catchThrowable(() -> server.invoke(endpoint(), "operate",
                new Object[] {"rollback", null, null, null, "maybe", null, null, null}, OPERATE));
        assertThat(maybe).isInstanceOf(ReflectionException.class).hasMessageContaining("'batch' must be true or false, not 'maybe'");
        assertThat(context.getBean(Migrator.class).status().current()).isEqualTo("3");
        // And a sound call still runs: dev needs no planId.
        assertThat(((Map<?, ?>) operate("rollback", null, null)).get("toVersion")).isEqualTo("2");
    }

    private void start(WebApplicationType type, String... properties) {
        List<String> all = new java.util.ArrayList<>(List.of("spring.datasource.url=" + database.url(),
                "management.endpoints.jmx.domain=" + domain, "spring.jmx.unique-names=true"));
        all.addAll(Arrays.asList(properties));
        context = new SpringApplicationBuilder(EndpointTestApplication.class).web(type).properties(all.toArray(String[]::new)).run();
    }

    private ObjectName endpoint() throws MalformedObjectNameException {
        Set<ObjectName> names = server.queryNames(new ObjectName(domain + ":type=Endpoint,name=Migrations,*"), null);
        assertThat(names).as("the migrations MBean").hasSize(1);
        return names.iterator().next();
    }

    private List<String> operations() throws Exception {
        return Arrays.stream(server.getMBeanInfo(endpoint()).getOperations()).map(MBeanOperationInfo::getName).toList();
    }

    private Object operate(String operation, String of, String planId) throws Exception {
        return server.invoke(endpoint(), "operate", new Object[] {operation, of, null, null, null, null, null, planId}, OPERATE);
    }
}
