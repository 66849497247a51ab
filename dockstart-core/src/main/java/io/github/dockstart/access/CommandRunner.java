package io.github.dockstart.access;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Runs client programs with streamed input and output, so that memory does not grow with the
 * size of a dump. Standard error is kept (its tail) for the failure message.
 */
public final class CommandRunner {

    private static final int BUFFER = 1 << 16;
    private static final int STDERR_KEPT = 8 << 10;

    /** Each stream pump blocks until its process ends: a thread of its own, never a shared pool's. */
    private static final Executor OWN_THREAD = task -> {
        Thread thread = new Thread(task, "dockstart-client-io");
        thread.setDaemon(true);
        thread.start();
    };

    private final Path workingDirectory;

    public CommandRunner(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    /** Runs the command and streams its standard output into {@code out}. */
    public void readFrom(Command command, OutputStream out) throws IOException {
        run(command, null, out);
    }

    /** Runs the command with {@code in} streamed into its standard input. */
    public void writeTo(Command command, InputStream in) throws IOException {
        run(command, in, OutputStream.nullOutputStream());
    }

    /** Runs the command with {@code in} as its standard input and returns its standard output as text (short answers). */
    public String output(Command command, InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        run(command, in, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Runs the command and returns its standard output as text (for short answers such as PONG). */
    public String output(Command command) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        run(command, null, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private void run(Command command, InputStream in, OutputStream out) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command.argv()).directory(workingDirectory.toFile());
        builder.environment().putAll(command.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CommandFailedException("Could not run " + command.program() + ": " + e.getMessage()
                    + " (is it installed and on the PATH?)", e);
        }
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> tail(process.getErrorStream()), OWN_THREAD);
        CompletableFuture<Feed> feeder = CompletableFuture.supplyAsync(() -> feed(process, command.stdinSecretLine(), in), OWN_THREAD);
        try {
            try (InputStream stdout = process.getInputStream()) {
                stdout.transferTo(out);
            }
            int exit = process.waitFor();
            Feed feed = feeder.get();
            if (feed.inputError() != null) {
                throw new CommandFailedException("Reading the input of " + command.program() + " failed, so it was stopped: "
                        + feed.inputError().getMessage(), feed.inputError());
            }
            if (exit != 0) {
                throw new CommandFailedException(command.program() + " failed (exit " + exit + ")" + describe(stderr.get()));
            }
            if (!feed.complete()) {
                throw new CommandFailedException(command.program() + " stopped reading its input before the end" + describe(stderr.get()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException(command.program() + " was interrupted", e);
        } catch (ExecutionException e) {
            throw new CommandFailedException(command.program() + " failed: " + e.getCause(), e.getCause());
        } finally {
            process.destroy();
        }
    }

    /** How feeding standard input ended: completely, cut short by the process, or by a failing input. */
    private record Feed(boolean complete, IOException inputError) {
    }

    private static Feed feed(Process process, String secretLine, InputStream in) {
        OutputStream stdin = process.getOutputStream();
        boolean complete = false;
        try {
            if (secretLine != null) {
                stdin.write((secretLine + "\n").getBytes(StandardCharsets.UTF_8));
            }
            if (in != null) {
                byte[] buffer = new byte[BUFFER];
                int n;
                while (true) {
                    try {
                        n = in.read(buffer);
                    } catch (IOException e) {
                        // kill before closing stdin: a client that saw a clean end of input would commit a partial load
                        process.destroyForcibly();
                        return new Feed(false, e);
                    }
                    if (n < 0) {
                        break;
                    }
                    stdin.write(buffer, 0, n);
                }
            }
            complete = true;
        } catch (IOException e) {
            // the process closed its input (it exited); its exit status tells why
        }
        try {
            stdin.close();
        } catch (IOException e) {
            // already closed by the process's exit
        }
        return new Feed(complete, null);
    }

    private static String tail(InputStream stderr) {
        byte[] kept = new byte[STDERR_KEPT];
        int length = 0;
        byte[] buffer = new byte[4096];
        try (stderr) {
            int n;
            while ((n = stderr.read(buffer)) >= 0) {
                if (n >= STDERR_KEPT) {
                    System.arraycopy(buffer, n - STDERR_KEPT, kept, 0, STDERR_KEPT);
                    length = STDERR_KEPT;
                } else {
                    int keep = Math.min(length, STDERR_KEPT - n);
                    System.arraycopy(kept, length - keep, kept, 0, keep);
                    System.arraycopy(buffer, 0, kept, keep, n);
                    length = keep + n;
                }
            }
        } catch (IOException e) {
            // the process went away; what we have is what there is
        }
        return new String(kept, 0, length, StandardCharsets.UTF_8).trim();
    }

    /** The line of standard error that says what went wrong: the first error line, else the last line. */
    private static String describe(String stderr) {
        if (stderr.isEmpty()) {
            return ".";
        }
        List<String> lines = stderr.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        String cause = lines.stream()
                .filter(l -> l.contains("ERROR") || l.contains("FATAL") || l.toLowerCase(Locale.ROOT).contains("error"))
                .findFirst()
                .orElse(lines.get(lines.size() - 1));
        return ": " + cause;
    }
}
