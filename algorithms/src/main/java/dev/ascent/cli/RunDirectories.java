package dev.ascent.cli;

import dev.ascent.inference.TrainedPolicy;
import dev.ascent.algorithms.run.InvalidRunException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opening the policy of a run directory (or a model file) for eval and play, with user-facing errors. */
final class RunDirectories {
    private RunDirectories() {}

    static TrainedPolicy loadPolicy(Path run) {
        if (!Files.exists(run)) throw new InvalidRunException(run + ": no such run directory");
        Path model = Files.isDirectory(run) ? run.resolve("model.safetensors") : run;
        if (!Files.isRegularFile(model)) {
            throw new InvalidRunException(run + " is incomplete: it has no model.safetensors (was the training interrupted before its first checkpoint?)");
        }
        try {
            TrainedPolicy p = TrainedPolicy.load(model);
            if (p.envId() == null) throw new InvalidRunException(model + " does not say which environment it was trained on");
            return p;
        } catch (IOException e) {
            throw new InvalidRunException("cannot load " + model + ": " + e.getMessage(), e);
        }
    }
}
