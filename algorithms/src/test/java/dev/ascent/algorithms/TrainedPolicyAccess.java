package dev.ascent.algorithms;

import dev.ascent.algorithms.ppo.Ppo;

/** The training policy's deterministic action with the run's observation normalisation, for comparisons. */
final class TrainedPolicyAccess {
    private TrainedPolicyAccess() {}

    static float[] act(Learner l, float[] obs) throws RuntimeException {
        try {
            java.nio.file.Path f = java.nio.file.Files.createTempFile("policy", ".safetensors");
            try {
                l.exportPolicy().write(f);
                // The exported normalisation is applied by TrainedPolicy; reproduce it here independently.
                var c = dev.ascent.io.Safetensors.read(f);
                float[] x = obs.clone();
                var mean = c.tensors().get("obs_rms.mean");
                if (mean != null) {
                    float[] m = mean.data(), v = c.tensors().get("obs_rms.var").data();
                    for (int i = 0; i < x.length; i++) x[i] = Math.max(-10f, Math.min(10f, (x[i] - m[i]) / (float) Math.sqrt(v[i] + 1e-8f)));
                }
                var agent = ((Ppo) l).agent();
                float[] a = new float[agent.actionSpec().width()];
                agent.act(x, 1, null, true, a, null, null);
                if (!agent.actionSpec().discrete()) {
                    for (int j = 0; j < a.length; j++) a[j] = Math.max(agent.actionSpec().low()[j], Math.min(agent.actionSpec().high()[j], a[j]));
                }
                return a;
            } finally {
                java.nio.file.Files.deleteIfExists(f);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
