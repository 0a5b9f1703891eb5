"""PPO on CartPole-v1 with CleanRL's settings, in PyTorch: the side-by-side reference for the README's main job.

Times what `./ascent train ppo --env CartPole-v1` does, the same way: 4 envs x 128 steps, GAE(0.95),
4 epochs x 4 minibatches, clipped surrogate and value loss, entropy 0.01, grad-norm 0.5, Adam(2.5e-4,
eps 1e-5) annealed to 0 over 500k steps, 64-64 tanh actor and critic with orthogonal init. Written for
this repository from CleanRL's published algorithm description (ppo.py's settings); it is a timing
reference, not a port to be reused.

    /usr/bin/python3 benchmarks/pytorch/ppo_cartpole.py [--seed 1] [--threads 1] [--total-timesteps 500000]

Needs torch and gymnasium (Debian: apt-get install python3-torch; gymnasium from pip). Prints one JSON
line: total seconds, seconds in rollouts and in updates, env steps/s, and when the mean of the last 20
training episodes first reached 475 (steps and seconds).
"""
import argparse
import json
import os
import time

ap = argparse.ArgumentParser()
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--total-timesteps", type=int, default=500_000)
args = ap.parse_args()
# Before numpy and torch load: the system OpenBLAS would otherwise start its own thread per core for numpy's
# and torch's BLAS calls, and "1 thread" would not be one.
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, str(args.threads))

import gymnasium as gym  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
from torch.distributions import Categorical  # noqa: E402

NUM_ENVS, NUM_STEPS, EPOCHS, MINIBATCHES = 4, 128, 4, 4
LR, GAMMA, LAMBDA, CLIP, ENT, VF, MAX_GRAD = 2.5e-4, 0.99, 0.95, 0.2, 0.01, 0.5, 0.5
BATCH = NUM_ENVS * NUM_STEPS
MINIBATCH = BATCH // MINIBATCHES

torch.set_num_threads(args.threads)
torch.manual_seed(args.seed)
np.random.seed(args.seed)


def layer(i, o, std=np.sqrt(2)):
    lin = nn.Linear(i, o)
    nn.init.orthogonal_(lin.weight, std)
    nn.init.constant_(lin.bias, 0.0)
    return lin


class Agent(nn.Module):
    def __init__(self, obs, acts):
        super().__init__()
        self.critic = nn.Sequential(layer(obs, 64), nn.Tanh(), layer(64, 64), nn.Tanh(), layer(64, 1, 1.0))
        self.actor = nn.Sequential(layer(obs, 64), nn.Tanh(), layer(64, 64), nn.Tanh(), layer(64, acts, 0.01))

    def value(self, x):
        return self.critic(x)

    def act_and_value(self, x, action=None):
        dist = Categorical(logits=self.actor(x))
        if action is None:
            action = dist.sample()
        return action, dist.log_prob(action), dist.entropy(), self.critic(x)


# Same-step autoreset, as the gymnasium 0.29 vector envs CleanRL was written against.
envs = gym.vector.SyncVectorEnv([lambda: gym.make("CartPole-v1") for _ in range(NUM_ENVS)],
                                autoreset_mode=gym.vector.AutoresetMode.SAME_STEP)
agent = Agent(4, 2)
opt = torch.optim.Adam(agent.parameters(), lr=LR, eps=1e-5)

obs_buf = torch.zeros((NUM_STEPS, NUM_ENVS, 4))
act_buf = torch.zeros((NUM_STEPS, NUM_ENVS))
logp_buf = torch.zeros((NUM_STEPS, NUM_ENVS))
rew_buf = torch.zeros((NUM_STEPS, NUM_ENVS))
done_buf = torch.zeros((NUM_STEPS, NUM_ENVS))
val_buf = torch.zeros((NUM_STEPS, NUM_ENVS))

start = time.perf_counter()
rollout_s = update_s = 0.0
step = 0
ep_ret = np.zeros(NUM_ENVS)
returns = []
reached = None
obs, _ = envs.reset(seed=args.seed)
next_obs = torch.tensor(obs, dtype=torch.float32)
next_done = torch.zeros(NUM_ENVS)
iterations = args.total_timesteps // BATCH
for it in range(1, iterations + 1):
    opt.param_groups[0]["lr"] = (1.0 - (it - 1.0) / iterations) * LR
    t0 = time.perf_counter()
    for s in range(NUM_STEPS):
        step += NUM_ENVS
        obs_buf[s] = next_obs
        done_buf[s] = next_done
        with torch.no_grad():
            action, logp, _, value = agent.act_and_value(next_obs)
        val_buf[s] = value.flatten()
        act_buf[s] = action
        logp_buf[s] = logp
        obs, reward, term, trunc, info = envs.step(action.numpy())
        done = np.logical_or(term, trunc)
        rew_buf[s] = torch.tensor(reward, dtype=torch.float32)
        next_obs = torch.tensor(obs, dtype=torch.float32)
        next_done = torch.tensor(done, dtype=torch.float32)
        ep_ret += reward
        for e in np.nonzero(done)[0]:
            returns.append(ep_ret[e])
            ep_ret[e] = 0
            if reached is None and len(returns) >= 20 and np.mean(returns[-20:]) >= 475:
                reached = (step, time.perf_counter() - start)
    with torch.no_grad():
        next_value = agent.value(next_obs).reshape(1, -1)
        adv = torch.zeros_like(rew_buf)
        last = 0
        for t in reversed(range(NUM_STEPS)):
            nonterminal = 1.0 - (next_done if t == NUM_STEPS - 1 else done_buf[t + 1])
            nv = next_value if t == NUM_STEPS - 1 else val_buf[t + 1]
            delta = rew_buf[t] + GAMMA * nv * nonterminal - val_buf[t]
            adv[t] = last = delta + GAMMA * LAMBDA * nonterminal * last
        ret = adv + val_buf
    t1 = time.perf_counter()
    rollout_s += t1 - t0

    b_obs, b_act, b_logp = obs_buf.reshape(-1, 4), act_buf.reshape(-1), logp_buf.reshape(-1)
    b_adv, b_ret, b_val = adv.reshape(-1), ret.reshape(-1), val_buf.reshape(-1)
    inds = np.arange(BATCH)
    for epoch in range(EPOCHS):
        np.random.shuffle(inds)
        for m0 in range(0, BATCH, MINIBATCH):
            mb = inds[m0:m0 + MINIBATCH]
            _, newlogp, entropy, newval = agent.act_and_value(b_obs[mb], b_act.long()[mb])
            ratio = (newlogp - b_logp[mb]).exp()
            a = b_adv[mb]
            a = (a - a.mean()) / (a.std() + 1e-8)
            pg = torch.max(-a * ratio, -a * torch.clamp(ratio, 1 - CLIP, 1 + CLIP)).mean()
            newval = newval.view(-1)
            v_unclipped = (newval - b_ret[mb]) ** 2
            v_clipped = b_val[mb] + torch.clamp(newval - b_val[mb], -CLIP, CLIP)
            v_loss = 0.5 * torch.max(v_unclipped, (v_clipped - b_ret[mb]) ** 2).mean()
            loss = pg - ENT * entropy.mean() + VF * v_loss
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(agent.parameters(), MAX_GRAD)
            opt.step()
    update_s += time.perf_counter() - t1

total = time.perf_counter() - start
print(json.dumps({
    "seed": args.seed, "threads": torch.get_num_threads(), "torch": torch.__version__, "gymnasium": gym.__version__,
    "steps": step, "total_s": round(total, 2), "rollout_s": round(rollout_s, 2), "update_s": round(update_s, 2),
    "steps_per_s": round(step / total), "reached_475_step": reached[0] if reached else None,
    "reached_475_s": round(reached[1], 2) if reached else None,
    "final_mean_20": float(np.mean(returns[-20:])) if returns else None,
}))
