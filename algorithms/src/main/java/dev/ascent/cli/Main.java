package dev.ascent.cli;

import dev.ascent.engine.backend.Backends;

import java.io.PrintStream;

/**
 * Entry point of the {@code ascent} command. Until the algorithms land, {@code demo} is the main job:
 * a real training run of a small network, end to end.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command and returns the process exit code (2 for bad usage). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String cmd = args.length == 0 ? "demo" : args[0];
        switch (cmd) {
            case "demo":
                FitCurveDemo.run(0, 2000, out);
                return 0;
            case "backend":
                out.println(Backends.active().description());
                return 0;
            case "help":
            case "--help":
            case "-h":
                usage(out);
                return 0;
            default:
                err.println("ascent: unknown command '" + cmd + "'");
                usage(err);
                return 2;
        }
    }

    private static void usage(PrintStream s) {
        s.println("usage: ascent <command>");
        s.println("  demo      fit a small MLP with Ascent's autograd and print the loss going down (default)");
        s.println("  backend   print the active compute backend");
        s.println("  help      this message");
    }
}
