package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The shell examples a user copies: those of README.md, docs/cli.md and every command's
 * {@code --help} must be valid bash ({@code bash -n}), and each {@code migrate create} example, split
 * into words by bash itself, must be accepted by the CLI and write its files.
 */
class ShellExamplesTests {

    /** The first word of a documentation code block that is a shell session rather than a file or JSON. */
    private static final Pattern SHELL_START = Pattern.compile("^(\\./mvnw|bash|alias|export|migrate|java|curl|[A-Z_]+=)\\b.*");

    @TempDir
    Path work;

    @Test
    void readmeAndCliDocShellBlocksAreValidBash() throws IOException {
        Path root = repositoryRoot();
        List<String> readme = shellBlocks(root.resolve("README.md"));
        List<String> cliDoc = shellBlocks(root.resolve("docs/cli.md"));
        assertThat(readme).as("shell blocks found in README.md").hasSizeGreaterThanOrEqualTo(4);
        assertThat(cliDoc).as("shell blocks found in docs/cli.md").hasSizeGreaterThanOrEqualTo(2);
        for (String block : readme) {
            assertValidBash("README.md", block);
        }
        for (String block : cliDoc) {
            assertValidBash("docs/cli.md", block);
        }
    }

    @Test
    void everyCommandsHelpExamplesAreValidBash() {
        List<String> examples = new ArrayList<>();
        collectHelpExamples(new CommandLine(new MigrateCli()), examples);
        assertThat(examples).as("examples in the help of every command").hasSizeGreaterThan(30);
        for (String example : examples) {
            assertValidBash("--help", example);
        }
    }

    @Test
    void documentedCreateExamplesRunAsTheShellSplitsThem() throws IOException {
        Path root = repositoryRoot();
        List<String> commands = new ArrayList<>();
        for (String block : shellBlocks(root.resolve("README.md"))) {
            commands.addAll(createCommands(block));
        }
        for (String block : shellBlocks(root.resolve("docs/cli.md"))) {
            commands.addAll(createCommands(block));
        }
        List<String> help = new ArrayList<>();
        collectHelpExamples(new CommandLine(new MigrateCli()).getSubcommands().get("create"), help);
        help.stream().filter(c -> c.startsWith("migrate create ")).forEach(commands::add);
        assertThat(commands).as("create examples").hasSizeGreaterThanOrEqualTo(10)
                .anySatisfy(c -> assertThat(c).contains("decimal(10,2)"))
                .anySatisfy(c -> assertThat(c).contains("customers(id)"));

        Path dir = work.resolve("migrations");
        for (String command : commands) {
            List<String> args = new ArrayList<>(bashWords(command.substring("migrate ".length())));
            args.addAll(List.of("--dir", dir.toString(), "--dialect", "postgres"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = MigrateCli.run(args.toArray(String[]::new), new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(out, true, StandardCharsets.UTF_8), Map.of(), work, false));
            assertThat(code).as(command + "\n" + out.toString(StandardCharsets.UTF_8)).isZero();
        }
        String written;
        try (var files = Files.list(dir)) {
            written = String.join("\n", files.filter(f -> f.getFileName().toString().startsWith("V")).map(ShellExamplesTests::read).toList());
        }
        assertThat(written).as("the quoted values reached the templates").contains("title VARCHAR(200)").contains("price NUMERIC(10, 2)")
                .contains("REFERENCES customers (id)");
    }

    // ------------------------------------------------------------------ helpers

    /** Indented (4 spaces) or ```sh/```bash fenced blocks whose first line is a shell command, joined. */
    static List<String> shellBlocks(Path markdown) throws IOException {
        List<String> lines = Files.readAllLines(markdown);
        List<String> blocks = new ArrayList<>();
        boolean inFence = false;
        boolean shellFence = false;
        List<String> current = new ArrayList<>();
        String previous = "";
        for (String line : lines) {
            if (line.startsWith("```")) {
                if (inFence) {
                    if (shellFence) {
                        blocks.add(String.join("\n", current));
                    }
                    current.clear();
                    inFence = false;
                } else {
                    inFence = true;
                    String info = line.substring(3).strip();
                    shellFence = info.equals("sh") || info.equals("bash") || info.equals("shell");
                }
                previous = line;
                continue;
            }
            if (inFence) {
                current.add(line);
                previous = line;
                continue;
            }
            boolean code = line.startsWith("    ") && !line.strip().startsWith("|");
            if (code && (previous.isBlank() || !current.isEmpty())) {
                current.add(line.substring(4));
            } else if (!current.isEmpty() && (!line.isBlank())) {
                addIfShell(blocks, current);
            }
            previous = line;
        }
        addIfShell(blocks, current);
        return blocks;
    }

    private static void addIfShell(List<String> blocks, List<String> current) {
        if (!current.isEmpty() && SHELL_START.matcher(current.get(0)).matches()) {
            blocks.add(String.join("\n", current).strip());
        }
        current.clear();
    }

    /** The lines of a shell block that run {@code migrate create}, with continuation lines joined. */
    private static List<String> createCommands(String block) {
        List<String> commands = new ArrayList<>();
        for (String command : block.replace("\\\n", " ").split("\n")) {
            if (command.startsWith("migrate create ")) {
                commands.add(command);
            }
        }
        return commands;
    }

    /** The example lines of a command's help footer and its subcommands', continuation lines joined. */
    private static void collectHelpExamples(CommandLine command, List<String> examples) {
        String footer = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
        int start = footer.indexOf("Examples:");
        if (start >= 0) {
            String joined = footer.substring(start).replaceAll("\\\\\\R\\s*", " ");
            for (String line : joined.split("\\R")) {
                String stripped = line.strip();
                if (stripped.startsWith("migrate ")) {
                    examples.add(stripped);
                }
            }
        }
        // An alias (info) maps to the same CommandLine as its command: visit each once.
        for (CommandLine sub : new LinkedHashSet<>(command.getSubcommands().values())) {
            if (!sub.getCommandName().equals("help")) {
                collectHelpExamples(sub, examples);
            }
        }
    }

    private static void assertValidBash(String where, String script) {
        Result r = bash(List.of("bash", "-n", "-c", script));
        assertThat(r.exit()).as("'bash -n' rejects this example from " + where + ":\n" + script + "\n" + r.output()).isZero();
    }

    /** {@code text} split into words by bash, quotes removed, exactly as a user's shell would pass them. */
    private static List<String> bashWords(String text) {
        Result r = bash(List.of("bash", "-c", "printf '%s\\0' " + text));
        assertThat(r.exit()).as("bash could not split: " + text + "\n" + r.output()).isZero();
        List<String> words = new ArrayList<>(List.of(r.output().split("\0")));
        words.removeIf(String::isEmpty);
        return words;
    }

    private record Result(int exit, String output) {
    }

    private static Result bash(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("bash did not finish: " + command);
            }
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("these tests need bash on the PATH: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The repository root: the first parent of the working directory with README.md and docs/cli.md. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("docs/cli.md"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new AssertionError("README.md and docs/cli.md not found above " + Path.of("").toAbsolutePath());
    }
}
