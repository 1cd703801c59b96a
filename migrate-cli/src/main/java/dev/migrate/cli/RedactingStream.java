package dev.migrate.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Passes what is written to it on to {@code target} a line at a time, each line through the current
 * {@link Redactor}. {@link MigrateCli#main} puts one in place of {@code System.err}, where
 * slf4j-simple and the JDBC drivers log, so their lines are redacted like the CLI's own output,
 * including passwords that only become known once the settings are read. Text must be written to it
 * in UTF-8, by a {@code PrintStream} with that charset that does not flush automatically (one that
 * does flushes after every fragment, which would then be passed on, and redacted, alone).
 */
final class RedactingStream extends OutputStream {

    private final PrintStream target;
    private final Supplier<Redactor> redactor;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    RedactingStream(PrintStream target, Supplier<Redactor> redactor) {
        this.target = target;
        this.redactor = redactor;
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') {
            emit();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                line.write(bytes, start, i + 1 - start);
                emit();
                start = i + 1;
            }
        }
        line.write(bytes, start, end - start);
    }

    /** Passes on an unfinished line too, so a prompt or a last line without its end is not held back. */
    @Override
    public synchronized void flush() {
        emit();
    }

    @Override
    public void close() {
        flush();
    }

    private void emit() {
        if (line.size() > 0) {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            target.print(redactor.get().redact(text));
        }
        target.flush();
    }
}
