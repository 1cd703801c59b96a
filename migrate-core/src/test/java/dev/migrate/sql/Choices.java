package dev.migrate.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The decisions a generator takes, for property tests with shrinking. A generator asks
 * {@link #nextInt(int)} for each decision; {@link #forAll} runs a property on cases built from
 * random decisions, recording them, and when one fails, shrinks the recorded decisions (removes runs
 * of them, lowers each towards zero) as long as the case they build still fails, then reports the
 * smallest failing case with the seed that replays the whole run. The case a sequence builds is
 * always one the generator could have built, so a shrunk case is as valid as the original.
 *
 * <p>Replayed decisions are clamped to the bound asked for, and a sequence that runs out answers
 * zero: generators should make zero the simplest choice (the first option, no repetition).
 *
 * <pre>{@code
 * Choices.forAll("splits", seed, 400, choices -> {
 *     Case c = generate(choices, grammar);
 *     assertThat(split(c.script())).isEqualTo(c.statements());
 * });
 * }</pre>
 */
public final class Choices {

    /** How many candidate sequences a shrink tries at most, so a failure is reported within seconds. */
    private static final int SHRINK_BUDGET = 20_000;

    private final Random random;
    private final int[] replayed;
    private int position;
    private final List<Integer> taken = new ArrayList<>();

    private Choices(Random random, int[] replayed) {
        this.random = random;
        this.replayed = replayed;
    }

    public static Choices random(Random random) {
        return new Choices(random, null);
    }

    public static Choices replay(int... decisions) {
        return new Choices(null, decisions);
    }

    /** A decision in {@code [0, bound)}. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        int value;
        if (random != null) {
            value = random.nextInt(bound);
        } else {
            value = position < replayed.length ? Math.min(Math.max(replayed[position], 0), bound - 1) : 0;
            position++;
        }
        taken.add(value);
        return value;
    }

    public boolean nextBoolean() {
        return nextInt(2) == 1;
    }

    /** The decisions taken so far, as they were answered (clamped, zero past the end). */
    public int[] taken() {
        return taken.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Runs {@code property} on {@code tries} cases of random decisions from {@code seed}. The first
     * that fails (an {@link AssertionError} or any other exception) is shrunk, and an
     * {@link AssertionError} reports the smallest failing case's own failure, with {@code name} (which
     * should say how to replay the run), the index of the original case and how far it shrank; its
     * cause is the original failure.
     */
    public static void forAll(String name, long seed, int tries, Consumer<Choices> property) {
        forAll(name, seed, tries, SHRINK_BUDGET, property);
    }

    /**
     * As {@link #forAll(String, long, int, Consumer)}, trying at most {@code shrinkBudget} smaller cases: for
     * properties whose cases are slow (a fresh server database each), so that a failure is still reported in minutes.
     */
    public static void forAll(String name, long seed, int tries, int shrinkBudget, Consumer<Choices> property) {
        Random random = new Random(seed);
        for (int i = 0; i < tries; i++) {
            Choices choices = Choices.random(random);
            Throwable failure = failureOf(property, choices);
            if (failure != null) {
                int[] original = choices.taken();
                int[] smallest = shrink(original, shrinkBudget, property);
                Throwable minimal = failureOf(property, replay(smallest));
                throw new AssertionError(name + ": falsified by case #" + i + "; shrunk from " + original.length + " to " + smallest.length + " decisions " + Arrays.toString(smallest)
                        + ", the smallest failing case:\n" + describe(minimal), failure);
            }
        }
    }

    /** Removes runs of decisions, then lowers each, keeping every change after which the property still fails. */
    static int[] shrink(int[] failing, Consumer<Choices> property) {
        return shrink(failing, SHRINK_BUDGET, property);
    }

    static int[] shrink(int[] failing, int shrinkBudget, Consumer<Choices> property) {
        int[] best = failing;
        int budget = shrinkBudget;
        boolean improved = true;
        while (improved && budget > 0) {
            improved = false;
            for (int size = 8; size >= 1; size /= 2) {
                for (int at = 0; at + size <= best.length && budget > 0; budget--) {
                    int[] candidate = new int[best.length - size];
                    System.arraycopy(best, 0, candidate, 0, at);
                    System.arraycopy(best, at + size, candidate, at, best.length - at - size);
                    int[] kept = stillFails(candidate, property);
                    if (kept != null && isSmaller(kept, best)) {
                        best = kept;
                        improved = true;
                    } else {
                        at++;
                    }
                }
            }
            for (int at = 0; at < best.length && budget > 0; at++) {
                for (int lower : new int[] {0, best[at] / 2, best[at] - 1}) {
                    if (lower >= best[at] || budget-- <= 0) {
                        continue;
                    }
                    int[] candidate = best.clone();
                    candidate[at] = lower;
                    int[] kept = stillFails(candidate, property);
                    if (kept != null && isSmaller(kept, best)) {
                        best = kept;
                        improved = true;
                        break;
                    }
                }
            }
        }
        return best;
    }

    /** The decisions the property took on {@code candidate} if it still fails there, else null. */
    private static int[] stillFails(int[] candidate, Consumer<Choices> property) {
        Choices replay = replay(candidate);
        return failureOf(property, replay) != null ? replay.taken() : null;
    }

    /** Fewer decisions, or as many and the first that differs is lower: so shrinking always ends. */
    private static boolean isSmaller(int[] a, int[] b) {
        return a.length < b.length || a.length == b.length && Arrays.compare(a, b) < 0;
    }

    private static Throwable failureOf(Consumer<Choices> property, Choices choices) {
        try {
            property.accept(choices);
            return null;
        } catch (AssertionError | RuntimeException e) {
            return e;
        }
    }

    private static String describe(Throwable failure) {
        return failure instanceof AssertionError ? failure.getMessage() : failure.toString();
    }
}
