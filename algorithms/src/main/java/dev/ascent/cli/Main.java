package dev.ascent.cli;

import dev.ascent.algorithms.NonFiniteLossException;
import dev.ascent.algorithms.run.InvalidRunException;
import dev.ascent.engine.backend.Backends;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The {@code ascent} command: {@code train}, {@code eval}, {@code play}, {@code envs}, {@code algos}, plus
 * {@code demo} and {@code backend}. Exit codes: 0 success, 1 a failure while running (e.g. a non-finite loss),
 * 2 bad input (unknown algorithm, environment or setting, malformed value, unusable run directory), always
 * with a one-line message and never a stack trace (set {@code ASCENT_DEBUG=1} to see one).
 */
@Command(name = "ascent", mixinStandardHelpOptions = true, version = "ascent 0.1.0-SNAPSHOT",
        description = "Train, evaluate and watch reinforcement-learning agents.",
        subcommands = {TrainCommand.class, EvalCommand.class, PlayCommand.class, EnvsCommand.class, AlgosCommand.class,
                DemoCommand.class, Main.BackendCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command line and returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        System.setProperty("java.awt.headless", "true");
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter w = commandLine.getErr();
            if (System.getenv("ASCENT_DEBUG") != null) e.printStackTrace(w);
            if (e instanceof InvalidRunException || e instanceof UsageException) {
                w.println("ascent: " + e.getMessage());
                w.flush();
                return 2;
            }
            if (e instanceof NonFiniteLossException) {
                w.println("ascent: training stopped: " + e.getMessage() + ". The last good checkpoint was kept;"
                        + " lower learning_rate or max_grad_norm with --set and start again.");
                w.flush();
                return 1;
            }
            w.println("ascent: error: " + e);
            w.flush();
            return 1;
        });
        cl.setParameterExceptionHandler((e, a) -> {
            PrintWriter w = e.getCommandLine().getErr();
            w.println("ascent: " + e.getMessage());
            w.println("Try 'ascent " + (e.getCommandLine() == cl ? "" : e.getCommandLine().getCommandName() + " ") + "--help' for usage.");
            w.flush();
            return 2;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints the active compute backend. */
    @Command(name = "backend", mixinStandardHelpOptions = true, description = "Print the active compute backend.")
    static final class BackendCommand implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().getOut().println(Backends.active().description());
        }
    }
}
