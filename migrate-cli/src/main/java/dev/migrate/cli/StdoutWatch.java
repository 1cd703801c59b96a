package dev.migrate.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * Standard output that remembers why a write failed. {@code System.out} swallows write errors, so a command whose
 * output went nowhere ({@code > /dev/full}, a full disk, a closed file) exited 0 as if a script had its status or
 * plan. {@link MigrateCli#main} puts one in place of {@code System.out} and asks {@link #exitCode} at the end. A reader
 * that went away ({@code migrate status | head -1}: "Broken pipe") is no failure, as for other command-line tools.
 */
final class StdoutWatch extends OutputStream {

    private final OutputStream target;
    private volatile IOException failure;

    StdoutWatch(OutputStream target) {
        this.target = target;
    }

    /** A {@code System.out} in the encoding the JVM chose for it, writing through a watch on file descriptor 1. */
    static StdoutWatch install() {
        StdoutWatch watch = new StdoutWatch(new FileOutputStream(FileDescriptor.out));
        String encoding = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding"));
        Charset charset;
        try {
            charset = encoding != null ? Charset.forName(encoding) : Charset.defaultCharset();
        } catch (IllegalArgumentException e) {
            charset = Charset.defaultCharset();
        }
        System.setOut(new PrintStream(new java.io.BufferedOutputStream(watch, 8192), true, charset));
        return watch;
    }

    @Override
    public void write(int b) throws IOException {
        try {
            target.write(b);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        try {
            target.write(bytes, offset, length);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            target.flush();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private IOException failed(IOException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }

    /**
     * {@code code}, or {@link ExitCodes#USAGE} where the command succeeded but its output could not be written, said on
     * {@code err}; called once the command is done.
     */
    int exitCode(int code, PrintStream err) {
        System.out.flush();
        IOException e = failure;
        if (e == null || brokenPipe(e)) {
            return code;
        }
        err.println("Could not write the output to stdout (" + e.getMessage() + "): what it was sent to lost it. The command"
                + " itself ran" + (code == ExitCodes.OK ? "" : " and ended with exit code " + code) + " ('status' shows where the"
                + " database stands). Send its output where it can be written: check the free space of the disk, or the file or"
                + " pipe it goes to");
        err.flush();
        return code == ExitCodes.OK ? ExitCodes.USAGE : code;
    }

    /** EPIPE: the reading end closed ({@code | head}); Java gives only the system's message for it. */
    static boolean brokenPipe(IOException e) {
        String message = e.getMessage();
        return message != null && message.toLowerCase(java.util.Locale.ROOT).contains("broken pipe");
    }
}
