package dev.ascent.nn;

import dev.ascent.autograd.Tensor;

import java.util.List;

/**
 * Children applied in order, registered as {@code "0"}, {@code "1"}, … as in {@code torch.nn.Sequential},
 * so a 4-64-64-2 MLP has parameters {@code 0.weight, 0.bias, 2.weight, 2.bias, 4.weight, 4.bias}.
 */
public final class Sequential extends Module {
    private int size;

    public Sequential(Module... layers) {
        for (Module m : layers) append(m);
    }

    public Sequential(List<? extends Module> layers) {
        for (Module m : layers) append(m);
    }

    /** Adds {@code layer} at the end, under the next index. */
    public Sequential append(Module layer) {
        registerModule(Integer.toString(size++), layer);
        return this;
    }

    /** Layer {@code i} (negative counts from the end). */
    public Module get(int i) {
        int k = i < 0 ? i + size : i;
        if (k < 0 || k >= size) throw new IndexOutOfBoundsException("Sequential: layer " + i + " of " + size);
        return namedChildren().get(Integer.toString(k));
    }

    public int size() {
        return size;
    }

    @Override
    protected Tensor compute(Tensor input) {
        Tensor x = input;
        for (Module m : namedChildren().values()) x = m.forward(x);
        return x;
    }
}
