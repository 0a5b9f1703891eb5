package dev.ascent.envs.testutil;

import dev.ascent.envs.EnvRegistrar;
import dev.ascent.envs.EnvSpec;
import java.util.List;

/** A plugin found through META-INF/services, as a Box2D module would register LunarLander. */
public final class TestRegistrar implements EnvRegistrar {

    @Override
    public List<EnvSpec> specs() {
        return List.of(EnvSpec.builder("Plugin/Scripted-v0", k -> new ScriptedEnv(k.getInt("episode", 3), true))
                .maxEpisodeSteps(10).build());
    }
}
