package dev.ascent.cli;

import dev.ascent.autograd.Autograd;
import dev.ascent.autograd.GradMode;
import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import dev.ascent.engine.backend.Backends;

import java.io.PrintStream;

/**
 * A small, real end-to-end run of the engine and autograd: a 1-32-32-1 tanh MLP learns y = sin(2x) on
 * [-2, 2] by full-batch gradient descent with momentum, and the loss is printed as it falls.
 * Everything an RL algorithm does per update happens here: forward, loss, backward, parameter update.
 */
public final class FitCurveDemo {
    private FitCurveDemo() {}

    /** Runs the demo and returns the final mean squared error. */
    public static double run(long seed, int steps, PrintStream out) {
        Rng rng = new Rng(seed);
        int n = 256;
        NDArray xs = NDArray.arange(-2f, 2f, 4f / n).reshape(n, 1);
        NDArray ys = sin(xs.mul(2f));
        Tensor x = Tensor.of(xs), y = Tensor.of(ys);

        Tensor[] params = {
                Tensor.param(NDArray.uniform(rng, -1f, 1f, 32, 1)), Tensor.param(NDArray.zeros(32)),
                Tensor.param(NDArray.uniform(rng, -0.17f, 0.17f, 32, 32)), Tensor.param(NDArray.zeros(32)),
                Tensor.param(NDArray.uniform(rng, -0.17f, 0.17f, 1, 32)), Tensor.param(NDArray.zeros(1))};
        NDArray[] velocity = new NDArray[params.length];
        for (int i = 0; i < params.length; i++) velocity[i] = NDArray.zeros(params[i].shape());
        float lr = 0.05f, momentum = 0.9f;

        out.println("Fitting y = sin(2x) with a 1-32-32-1 tanh MLP (" + Backends.active().description() + ")");
        double loss = Double.NaN;
        long t0 = System.nanoTime();
        for (int step = 0; step <= steps; step++) {
            Tensor pred = x.linear(params[0], params[1]).tanh().linear(params[2], params[3]).tanh().linear(params[4], params[5]);
            Tensor mse = pred.sub(y).square().mean();
            loss = mse.item();
            if (!Double.isFinite(loss)) throw new IllegalStateException("loss became " + loss + " at step " + step);
            if (step % (steps / 10) == 0) out.printf("step %5d  loss %.6f%n", step, loss);
            if (step == steps) break;
            mse.backward();
            try (GradMode ignored = Autograd.noGrad()) {
                for (int i = 0; i < params.length; i++) {
                    velocity[i].scaleInPlace(momentum).addInPlace(params[i].grad().data());
                    params[i].data().axpyInPlace(-lr, velocity[i]);
                    params[i].zeroGrad();
                }
            }
        }
        out.printf("done: %d steps in %.2f s, final loss %.6f%n", steps, (System.nanoTime() - t0) / 1e9, loss);
        return loss;
    }

    private static NDArray sin(NDArray a) {
        float[] d = a.toArray();
        for (int i = 0; i < d.length; i++) d[i] = (float) Math.sin(d[i]);
        return NDArray.wrap(d, a.shape());
    }
}
