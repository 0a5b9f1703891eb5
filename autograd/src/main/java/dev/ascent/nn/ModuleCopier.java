package dev.ascent.nn;

import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deep copy behind {@link Module#deepCopy()}: clone every module of the tree, give the clones fresh
 * copies of the parameters and buffers, then re-point the subclass fields that referred to the original's
 * registered objects. One identity map over the whole tree preserves sharing (weight tying, a layer used
 * twice) and makes every original object map to exactly one copy.
 */
final class ModuleCopier {
    private final IdentityHashMap<Object, Object> copies = new IdentityHashMap<>();

    private ModuleCopier() {}

    static Module copy(Module root) {
        return new ModuleCopier().module(root);
    }

    private Module module(Module original) {
        Object done = copies.get(original);
        if (done != null) return (Module) done;
        Module c = original.shallowClone();
        copies.put(original, c);
        Map<String, Tensor> params = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> p : original.localParameters().entrySet()) params.put(p.getKey(), parameter(p.getValue()));
        Map<String, NDArray> buffers = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> b : original.localBuffers().entrySet()) {
            buffers.put(b.getKey(), (NDArray) copies.computeIfAbsent(b.getValue(), k -> b.getValue().copy()));
        }
        Map<String, Module> children = new LinkedHashMap<>();
        for (Map.Entry<String, Module> ch : original.namedChildren().entrySet()) children.put(ch.getKey(), module(ch.getValue()));
        c.setRegistries(params, buffers, children);
        rebindFields(c);
        return c;
    }

    private Tensor parameter(Tensor p) {
        Object done = copies.get(p);
        if (done != null) return (Tensor) done;
        Tensor q = Tensor.param(p.data().copy()).requiresGrad(p.requiresGrad());
        if (p.name() != null) q.named(p.name());
        copies.put(p, q);
        copies.put(p.data(), q.data());
        return q;
    }

    /** Points the subclass fields of {@code c} that referred to the original's registered objects at their copies. */
    private void rebindFields(Module c) {
        for (Class<?> k = c.getClass(); k != Module.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) continue;
                Object value;
                try {
                    f.setAccessible(true);
                    value = f.get(c);
                } catch (RuntimeException | IllegalAccessException e) {
                    throw new IllegalStateException(c.kind() + ".deepCopy: cannot access field '" + f.getName()
                            + "' reflectively (" + e + "); override deepCopy() in " + k.getName(), e);
                }
                Object replaced = remap(value, k.getSimpleName() + "." + f.getName());
                if (replaced == value) continue;
                try {
                    f.set(c, replaced);
                } catch (IllegalAccessException | RuntimeException e) {
                    throw new IllegalStateException(c.kind() + ".deepCopy: cannot rebind field '" + f.getName() + "' (" + e
                            + "); override deepCopy() in " + k.getName(), e);
                }
            }
        }
    }

    private Object remap(Object value, String where) {
        if (value == null) return null;
        if (value instanceof Module || value instanceof Tensor || value instanceof NDArray) {
            Object c = copies.get(value);
            if (c != null) return c;
            if (value instanceof Module) {
                throw new IllegalStateException("deepCopy: field " + where + " holds a module that is not registered as a child;"
                        + " register it with registerModule so that it is copied (or override deepCopy)");
            }
            if (value instanceof Tensor && ((Tensor) value).requiresGrad()) {
                throw new IllegalStateException("deepCopy: field " + where + " holds a tensor that requires grad but is not a registered"
                        + " parameter; register it with registerParameter (or override deepCopy)");
            }
            return value; // constants are immutable by convention and may be shared
        }
        if (value.getClass().isArray() && !value.getClass().getComponentType().isPrimitive()) {
            Object out = null;
            for (int i = 0, n = Array.getLength(value); i < n; i++) {
                Object e = Array.get(value, i);
                Object r = remap(e, where + "[" + i + "]");
                if (r != e) {
                    if (out == null) out = cloneArray(value);
                    Array.set(out, i, r);
                }
            }
            return out == null ? value : out;
        }
        if (value instanceof List) {
            List<?> list = (List<?>) value;
            List<Object> out = null;
            for (int i = 0; i < list.size(); i++) {
                Object e = list.get(i);
                Object r = remap(e, where + ".get(" + i + ")");
                if (r != e && out == null) out = new ArrayList<>(list);
                if (out != null) out.set(i, r);
            }
            return out == null ? value : out;
        }
        if (value instanceof Collection || value instanceof Map) {
            Collection<?> items = value instanceof Map ? ((Map<?, ?>) value).values() : (Collection<?>) value;
            for (Object e : items) {
                if (e instanceof Module || e instanceof Tensor) {
                    throw new IllegalStateException("deepCopy: field " + where + " holds modules or tensors in a "
                            + value.getClass().getSimpleName() + "; use a List or an array, or override deepCopy");
                }
            }
        }
        return value;
    }

    private static Object cloneArray(Object array) {
        int n = Array.getLength(array);
        Object out = Array.newInstance(array.getClass().getComponentType(), n);
        System.arraycopy(array, 0, out, 0, n);
        return out;
    }
}
