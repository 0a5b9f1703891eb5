package dev.ascent.cli;

import dev.ascent.algorithms.Algorithm;
import dev.ascent.algorithms.AlgorithmRegistry;
import dev.ascent.algorithms.SettingsBinder;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Map;

/** Lists the algorithms, and with {@code --settings} their settings and defaults. */
@Command(name = "algos", mixinStandardHelpOptions = true, description = "List the available algorithms.")
final class AlgosCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--settings", description = "Also list every setting with its default.")
    boolean settings;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        for (Algorithm<?> a : AlgorithmRegistry.all()) {
            out.printf("%-10s %s%n", a.name(), a.summary());
            if (settings) {
                for (Map.Entry<String, Object> e : SettingsBinder.toMap(a.defaults()).entrySet()) {
                    Object v = e.getValue();
                    out.printf("    %-24s %s%n", e.getKey(), v instanceof int[] arr ? java.util.Arrays.toString(arr) : v);
                }
            }
        }
        if (!settings) out.println("(ascent algos --settings lists every setting; ascent train <algo> --set key=value changes one)");
        out.flush();
    }
}
