/*
 * C reference for bench/bandits.ts: the same UCB1 loop as src/theory/bandits (simulate.ts,
 * policies.ts) on the same Philox4x32-10 streams: run r uses counter (block, r, 0, 0) and key = seed,
 * each round draws a tie-break word then a reward word (uniformF32 = ((w >> 9) + 0.5)·2^-23), and the
 * pseudo-regret Σ Δ_k T_k(t) is recorded at the same log-spaced checkpoints.
 *
 *   cc -O3 -o bench/ref/build/bandits_ucb1 bench/ref/bandits_ucb1.c -lm
 *   bench/ref/build/bandits_ucb1 <runs> <T> <seed> <mu_1> ... <mu_K>
 * prints: pulls_per_sec <x> mean_regret <y> sd_regret <z> seconds <s>   (CPU time)
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MAX_K 64

typedef struct {
  uint32_t key0, key1, stream, block, next;
  uint32_t words[4];
} philox_stream;

static void philox4x32_10(uint32_t c[4], uint32_t k0, uint32_t k1) {
  for (int round = 0; round < 10; round++) {
    uint64_t p0 = (uint64_t)0xd2511f53u * c[0];
    uint64_t p1 = (uint64_t)0xcd9e8d57u * c[2];
    uint32_t y0 = (uint32_t)(p1 >> 32) ^ c[1] ^ k0;
    uint32_t y2 = (uint32_t)(p0 >> 32) ^ c[3] ^ k1;
    c[0] = y0;
    c[1] = (uint32_t)p1;
    c[2] = y2;
    c[3] = (uint32_t)p0;
    k0 += 0x9e3779b9u;
    k1 += 0xbb67ae85u;
  }
}

static inline uint32_t philox_u32(philox_stream *s) {
  if (s->next == 4) {
    uint32_t c[4] = {s->block, s->stream, 0, 0};
    philox4x32_10(c, s->key0, s->key1);
    for (int i = 0; i < 4; i++) s->words[i] = c[i];
    s->block++;
    s->next = 0;
  }
  return s->words[s->next++];
}

static inline double uniform_f32(philox_stream *s) { return ((philox_u32(s) >> 9) + 0.5) * 0x1p-23; }

/* logGrid of src/theory/common/grid.ts */
static int log_grid(int T, int points, int *out) {
  int n = 0, last = 0;
  double ratio = log((double)T) / (points - 1 > 1 ? points - 1 : 1);
  for (int i = 0; i < points; i++) {
    double v = round(exp(i * ratio));
    int t = (int)(v > last + 1 ? v : last + 1);
    if (t > T) t = T;
    if (t > last) out[n++] = last = t;
    if (last == T) break;
  }
  if (last != T) out[n++] = T;
  return n;
}

int main(int argc, char **argv) {
  if (argc < 6) {
    fprintf(stderr, "usage: %s runs T seed mu_1 ... mu_K\n", argv[0]);
    return 2;
  }
  int runs = atoi(argv[1]), T = atoi(argv[2]);
  uint32_t seed = (uint32_t)strtoul(argv[3], NULL, 10);
  int K = argc - 4;
  if (K > MAX_K) return 2;
  double mu[MAX_K], gap[MAX_K], best = -1;
  for (int k = 0; k < K; k++) {
    mu[k] = atof(argv[4 + k]);
    if (mu[k] > best) best = mu[k];
  }
  for (int k = 0; k < K; k++) gap[k] = best - mu[k];
  int *grid = malloc(sizeof(int) * (T + 2));
  int n_check = log_grid(T, 100, grid);
  double *regret = malloc(sizeof(double) * n_check);
  double total_final = 0, total_sq = 0;
  struct timespec t0, t1;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
  for (int r = 0; r < runs; r++) {
    philox_stream s = {seed, 0, (uint32_t)r, 0, 4, {0, 0, 0, 0}};
    double n[MAX_K] = {0}, sum[MAX_K] = {0}, idx[MAX_K];
    int c = 0;
    for (int t = 1; t <= T; t++) {
      double u = uniform_f32(&s);
      double two_log_t = 2 * log((double)t);
      double top = -INFINITY;
      int ties = 0;
      for (int k = 0; k < K; k++) {
        idx[k] = n[k] == 0 ? INFINITY : sum[k] / n[k] + sqrt(two_log_t / n[k]);
        if (idx[k] > top) {
          top = idx[k];
          ties = 1;
        } else if (idx[k] == top) ties++;
      }
      int pick = (int)floor(u * ties), a = K - 1;
      for (int k = 0; k < K; k++)
        if (idx[k] == top && pick-- == 0) {
          a = k;
          break;
        }
      double reward = uniform_f32(&s) < mu[a] ? 1 : 0;
      n[a] += 1;
      sum[a] += reward;
      if (t == grid[c]) {
        double reg = 0;
        for (int k = 0; k < K; k++) reg += gap[k] * n[k];
        regret[c++] = reg;
      }
    }
    total_final += regret[n_check - 1];
    total_sq += regret[n_check - 1] * regret[n_check - 1];
  }
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
  double secs = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
  double mean = total_final / runs;
  double sd = runs > 1 ? sqrt((total_sq - runs * mean * mean) / (runs - 1)) : 0;
  printf("pulls_per_sec %.6e mean_regret %.9f sd_regret %.9f seconds %.6f\n", (double)runs * T / secs, mean, sd, secs);
  free(grid);
  free(regret);
  return 0;
}
