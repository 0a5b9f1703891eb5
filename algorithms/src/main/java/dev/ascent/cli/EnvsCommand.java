package dev.ascent.cli;

import dev.ascent.envs.Env;
import dev.ascent.envs.Envs;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** Lists the registered environments with their spaces. */
@Command(name = "envs", mixinStandardHelpOptions = true, description = "List the available environments.")
final class EnvsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-28s %-40s %s%n", "ENV", "OBSERVATION SPACE", "ACTION SPACE");
        for (String id : Envs.ids()) {
            try (Env env = Envs.make(id)) {
                out.printf("%-28s %-40s %s%n", id, env.observationSpace(), env.actionSpace());
            } catch (RuntimeException e) {
                out.printf("%-28s (cannot be created: %s)%n", id, e.getMessage());
            }
        }
        out.flush();
    }
}
