package dev.ascent.benchmarks;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Runs JMH exactly as its own {@code Main} does (same command line), then writes the results as a Markdown table
 * headed by the machine and the date, the form {@code benchmarks/README.md} keeps them in.
 *
 * <pre>
 *   java -cp benchmarks.jar dev.ascent.benchmarks.SuiteRunner --markdown OUT.md [--append README.md] [JMH options]
 * </pre>
 * {@code --markdown} names the table's file; {@code --append} also adds the table to the end of a README (the
 * {@code benchmarks/run --readme} switch). Both come before the JMH options; everything else goes to JMH.
 */
public final class SuiteRunner {
    private SuiteRunner() {}

    public static void main(String[] args) throws Exception {
        Path markdown = null, append = null;
        int i = 0;
        for (; i < args.length; i++) {
            if (args[i].equals("--markdown") && i + 1 < args.length) markdown = Path.of(args[++i]);
            else if (args[i].equals("--append") && i + 1 < args.length) append = Path.of(args[++i]);
            else break;
        }
        String[] jmhArgs = java.util.Arrays.copyOfRange(args, i, args.length);
        CommandLineOptions options;
        try {
            options = new CommandLineOptions(jmhArgs);
        } catch (CommandLineOptionException e) {
            System.err.println("JMH options: " + e.getMessage());
            System.exit(2);
            return;
        }
        Collection<RunResult> results = new Runner(options).run();
        String filter = options.getIncludes().isEmpty() ? "all benchmarks" : String.join(", ", options.getIncludes());
        String table = table(filter, ZonedDateTime.now(ZoneOffset.UTC), MachineInfo.describe(), results);
        if (markdown != null) Files.writeString(markdown, table, StandardCharsets.UTF_8);
        if (append != null) {
            Files.writeString(append, "\n" + table, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        System.out.println();
        System.out.print(table);
    }

    /** A heading with what ran, when and where, then one row per benchmark and parameter set, in run order. */
    static String table(String filter, ZonedDateTime when, String machine, Collection<RunResult> results) {
        List<String> paramKeys = new ArrayList<>();
        for (RunResult r : results) {
            for (String key : r.getParams().getParamsKeys()) if (!paramKeys.contains(key)) paramKeys.add(key);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("#### JMH: ").append(filter).append(" (")
                .append(when.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))).append(")\n\n")
                .append(machine).append("\n\n")
                .append("| benchmark |");
        for (String key : paramKeys) sb.append(' ').append(key).append(" |");
        sb.append(" mode | samples | score | ± error (99.9%) | unit |\n|---|");
        sb.append("---|".repeat(paramKeys.size()));
        sb.append("---|---:|---:|---:|---|\n");
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            sb.append("| ").append(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1)).append(" |");
            for (String key : paramKeys) {
                String value = r.getParams().getParamsKeys().contains(key) ? r.getParams().getParam(key) : "";
                sb.append(' ').append(value).append(" |");
            }
            Result<?> primary = r.getPrimaryResult();
            sb.append(' ').append(r.getParams().getMode().shortLabel()).append(" | ")
                    .append(primary.getSampleCount()).append(" | ")
                    .append(format(primary.getScore())).append(" | ")
                    .append(Double.isNaN(primary.getScoreError()) ? "" : format(primary.getScoreError())).append(" | ")
                    .append(primary.getScoreUnit()).append(" |\n");
        }
        return sb.toString();
    }

    /** Four significant digits, thousands separated: JMH's own text output is hard to scan for 6-digit µs. */
    static String format(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) return String.valueOf(x);
        double magnitude = Math.abs(x);
        int decimals = magnitude >= 1000 ? 0 : magnitude >= 100 ? 1 : magnitude >= 10 ? 2 : magnitude >= 1 ? 3 : 4;
        return String.format(Locale.ROOT, "%,." + decimals + "f", x);
    }
}
