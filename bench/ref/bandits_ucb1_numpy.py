"""
numpy reference for bench/bandits.ts: UCB1 vectorised across runs, as a Python user would write it
with some care (preallocated buffers, no per-round allocation of (runs, K) temporaries where `out=`
avoids it). State is (runs, K) arrays of counts and sums; each round computes every index at once,
takes the first maximum and re-draws uniformly among the maximal entries only in the rows that have
a tie (checked first in one count over all rows), then draws Bernoulli rewards from numpy's Generator. Not the Philox streams of the TypeScript
loop: the statistics (mean final pseudo-regret) agree within noise, the bits do not.

    python3 bench/ref/bandits_ucb1_numpy.py <runs> <T> <seed> <mu_1> ... <mu_K>
prints: pulls_per_sec <x> mean_regret <y> sd_regret <s> seconds <s>   (CPU time, time.process_time)
"""

import sys
import time

import numpy as np


def ucb1(runs: int, T: int, seed: int, mu: np.ndarray) -> np.ndarray:
    rng = np.random.default_rng(seed)
    K = mu.size
    counts = np.zeros((runs, K))
    sums = np.zeros((runs, K))
    index = np.empty((runs, K))
    width = np.empty((runs, K))
    is_top = np.empty((runs, K), dtype=bool)
    flat = np.arange(runs) * K  # row offsets into the flattened (runs, K) arrays
    with np.errstate(divide="ignore", invalid="ignore"):
        for t in range(1, T + 1):
            np.divide(sums, counts, out=index)
            np.divide(2 * np.log(t), counts, out=width)
            np.sqrt(width, out=width)
            index += width
            if t <= K:  # unplayed arms first (0/0 is NaN, x/0 is inf); all are played by round K
                index[counts == 0] = np.inf
            arm = index.argmax(axis=1)
            top = index.ravel()[flat + arm]
            np.equal(index, top[:, None], out=is_top)
            # one maximum per row in total: no tie anywhere (row-wise counts are slow for small K)
            if np.count_nonzero(is_top) > runs:
                rows = np.flatnonzero(np.count_nonzero(is_top, axis=1) > 1)
                keys = np.where(is_top[rows], rng.random((rows.size, K)), -1.0)
                arm[rows] = keys.argmax(axis=1)
            at = flat + arm
            counts.ravel()[at] += 1
            sums.ravel()[at] += rng.random(runs) < mu[arm]
    return counts


def main() -> None:
    if len(sys.argv) < 5:
        sys.exit(f"usage: {sys.argv[0]} runs T seed mu_1 ... mu_K")
    runs, T, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    mu = np.array([float(a) for a in sys.argv[4:]])
    ucb1(min(runs, 50), 200, seed + 1, mu)  # warm caches and the allocator
    t0 = time.process_time()
    counts = ucb1(runs, T, seed, mu)
    secs = time.process_time() - t0
    regret = (counts * (mu.max() - mu)).sum(axis=1)
    print(
        f"pulls_per_sec {runs * T / secs:.6e} mean_regret {regret.mean():.9f} "
        f"sd_regret {regret.std(ddof=1):.9f} seconds {secs:.6f}"
    )


if __name__ == "__main__":
    main()
