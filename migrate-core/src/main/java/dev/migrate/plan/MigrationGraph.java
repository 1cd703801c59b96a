package dev.migrate.plan;

import dev.migrate.MigrationVersion;
import dev.migrate.discovery.ResolvedMigration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dependency graph of the migrations ({@code dependsOn}): versioned and repeatable ones may depend
 * on versions. Validated whole before any plan is made: an unknown dependency names the migration that
 * declared it, a cycle is reported with its full path, and a dependency on a later version names both.
 */
public final class MigrationGraph {

    private final Map<MigrationVersion, ResolvedMigration> byVersion = new LinkedHashMap<>();
    private final Map<MigrationVersion, List<MigrationVersion>> dependents = new HashMap<>();
    private final Map<MigrationVersion, List<ResolvedMigration>> repeatableDependents = new HashMap<>();

    public MigrationGraph(List<ResolvedMigration> migrations) {
        for (ResolvedMigration m : migrations) {
            if (!m.isRepeatable()) {
                byVersion.put(m.version(), m);
            }
        }
        for (ResolvedMigration m : migrations) {
            for (MigrationVersion d : m.dependsOn()) {
                if (m.isRepeatable()) {
                    repeatableDependents.computeIfAbsent(d, k -> new ArrayList<>()).add(m);
                } else {
                    dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(m.version());
                }
            }
        }
    }

    public ResolvedMigration get(MigrationVersion version) {
        return byVersion.get(version);
    }

    /** Versions whose migrations declare a dependency on {@code version}. */
    public List<MigrationVersion> dependentsOf(MigrationVersion version) {
        return dependents.getOrDefault(version, List.of());
    }

    /**
     * Repeatable migrations that declare a dependency on {@code version}: a rollback that reverts it
     * takes them out of the history, so that migrate applies them again.
     */
    public List<ResolvedMigration> repeatablesDependingOn(MigrationVersion version) {
        return repeatableDependents.getOrDefault(version, List.of());
    }

    /**
     * Checks every declared dependency.
     *
     * @param alsoKnown versions that exist without a file here (applied rows, the baseline and below)
     * @return the problems, each naming the file and the fix; empty when the graph is sound
     */
    public List<String> validate(List<ResolvedMigration> all, java.util.function.Predicate<MigrationVersion> alsoKnown) {
        List<String> problems = new ArrayList<>();
        for (ResolvedMigration m : all) {
            for (MigrationVersion d : m.dependsOn()) {
                if (!byVersion.containsKey(d) && !alsoKnown.test(d)) {
                    problems.add(m.displayName() + " depends on version " + d
                            + ", which no migration has: correct its depends-on or add that migration");
                }
            }
        }
        Set<MigrationVersion> inCycle = new HashSet<>();
        Map<MigrationVersion, Integer> color = new HashMap<>();
        for (MigrationVersion start : byVersion.keySet()) {
            findCycles(start, new ArrayList<>(), color, inCycle, problems);
        }
        for (ResolvedMigration m : all) {
            if (m.isRepeatable() || inCycle.contains(m.version())) {
                continue;
            }
            for (MigrationVersion d : m.dependsOn()) {
                if (d.compareTo(m.version()) >= 0 && byVersion.containsKey(d)) {
                    String dependency = byVersion.get(d).script();
                    problems.add(m.displayName() + " depends on version " + d + " (" + dependency
                            + "), which is not earlier: a migration can only depend on earlier versions; correct its depends-on,"
                            + " or give " + dependency + " a version below " + m.version());
                }
            }
        }
        return problems;
    }

    private void findCycles(MigrationVersion v, List<MigrationVersion> path, Map<MigrationVersion, Integer> color,
            Set<MigrationVersion> inCycle, List<String> problems) {
        Integer c = color.get(v);
        if (c != null && c == 2) {
            return;
        }
        if (c != null && c == 1) {
            List<MigrationVersion> cycle = new ArrayList<>(path.subList(path.indexOf(v), path.size()));
            cycle.add(v);
            inCycle.addAll(cycle);
            StringBuilder sb = new StringBuilder("Dependency cycle: ");
            for (int i = 0; i < cycle.size(); i++) {
                if (i > 0) {
                    sb.append(" -> ");
                }
                ResolvedMigration m = byVersion.get(cycle.get(i));
                sb.append(m.script());
            }
            sb.append(". Remove one of these depends-on declarations");
            problems.add(sb.toString());
            return;
        }
        ResolvedMigration m = byVersion.get(v);
        if (m == null) {
            return;
        }
        color.put(v, 1);
        path.add(v);
        for (MigrationVersion d : m.dependsOn()) {
            findCycles(d, path, color, inCycle, problems);
        }
        path.remove(path.size() - 1);
        color.put(v, 2);
    }
}
