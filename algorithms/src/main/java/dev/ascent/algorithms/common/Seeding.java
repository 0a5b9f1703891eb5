package dev.ascent.algorithms.common;

import dev.ascent.engine.Rng;

/**
 * How one seed drives a run. Sub-environment {@code i} is reset with {@code seed + i} (Gymnasium's rule for
 * vector environments); the network initialisation and the learner's own randomness (action sampling,
 * minibatch shuffling, exploration) use two independent generators split from {@code Rng(seed)}; evaluation
 * environments use seeds far from the training ones. The same seed therefore gives the same run, bit for bit,
 * on the pure-Java backend.
 */
public final class Seeding {
    /** Evaluation episodes are seeded from {@code seed + EVAL_OFFSET}, away from the training sub-environments. */
    public static final long EVAL_OFFSET = 1_000_000L;

    private final Rng init;
    private final Rng learner;

    public Seeding(long seed) {
        Rng master = new Rng(seed);
        this.init = master.split();
        this.learner = master.split();
    }

    /** The generator for the initial weights. */
    public Rng init() {
        return init;
    }

    /** The generator for everything the learner draws while training (checkpointed). */
    public Rng learner() {
        return learner;
    }
}
