package dev.ascent.algorithms;

import dev.ascent.algorithms.ppo.Ppo;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsBinderTest {
    @Test
    void bindsSnakeCaseKeysAndRoundTrips() {
        Ppo.Settings s = SettingsBinder.apply(Ppo.Settings.DEFAULTS,
                Map.of("learning_rate", "1e-3", "clip_vloss", "false", "hidden_sizes", "32,16", "target_kl", "0.02", "activation", "relu"));
        assertEquals(1e-3, s.learningRate());
        assertEquals(false, s.clipVloss());
        assertArrayEquals(new int[] {32, 16}, s.hiddenSizes());
        assertEquals(0.02, s.targetKl());
        Ppo.Settings back = SettingsBinder.apply(Ppo.Settings.DEFAULTS, SettingsBinder.toMap(s));
        assertEquals(SettingsBinder.toMap(s).toString().replaceAll("\\[I@\\w+", ""), SettingsBinder.toMap(back).toString().replaceAll("\\[I@\\w+", ""));
        assertNull(Ppo.Settings.DEFAULTS.targetKl());
    }

    @Test
    void rejectsUnknownKeysAndMalformedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SettingsBinder.apply(Ppo.Settings.DEFAULTS, Map.of("lr", "1")));
        assertTrue(e.getMessage().contains("unknown setting 'lr'") && e.getMessage().contains("learning_rate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SettingsBinder.apply(Ppo.Settings.DEFAULTS, Map.of("num_envs", "four")));
        assertTrue(e.getMessage().contains("num_envs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SettingsBinder.apply(Ppo.Settings.DEFAULTS, Map.of("num_minibatches", "7")));
        assertTrue(e.getMessage().contains("num_minibatches"), e.getMessage());
    }
}
