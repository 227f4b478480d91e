/* The plainest fast C red-black SOR sweep, for bench/sor.ts to hold the TypeScript sweep against (issue
 * 19 item 4): what a C programmer writes first, built with -O3 -march=native. The same iteration and the
 * same residual as src/theory/sor/solver.ts (Stencil.redBlackSweep) and bench/ref/sor_rb.c, on the
 * same padded (m+2)^2 grid, in three plain passes instead of one fused wavefront: the red points
 * (i + j even), then the black points with their residuals, then the red residuals from the stored
 * corrections. After a black update a black point's residual is d(1-omega)/omega times its correction;
 * a red point's is that of its own correction plus s times its black neighbours' corrections. The
 * sums run in another order than the fused sweep's, so the residual agrees to rounding, not bitwise.
 * Usage: sor_twopass m sweeps repeats [d s] -> prints "ns_per_point <best over repeats>" and the final
 * residual. Build: cc -O3 -march=native -o bench/ref/build/sor_twopass bench/ref/sor_twopass.c -lm */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double sweep(int m, double d, double s, double omega, double *restrict x, double *restrict dx,
                    const double *restrict b) {
  const int W = m + 2;
  const double wd = omega / d, cr = d * (1 - omega) / omega;
  for (int colour = 0; colour < 2; colour++)
    for (int i = 1; i <= m; i++)
      for (int p = i * W + 1 + ((i + colour + 1) & 1), e = i * W + m; p <= e; p += 2) {
        const double t = wd * (b[p] - d * x[p] + s * (x[p - 1] + x[p + 1] + x[p - W] + x[p + W]));
        x[p] += t;
        dx[p] = t;
      }
  double rr = 0;
  for (int i = 1; i <= m; i++)
    for (int p = i * W + 1 + (i & 1), e = i * W + m; p <= e; p += 2) {
      const double r = cr * dx[p];
      rr += r * r;
    }
  for (int i = 1; i <= m; i++)
    for (int p = i * W + 2 - (i & 1), e = i * W + m; p <= e; p += 2) {
      const double g = cr * dx[p] + s * (dx[p - 1] + dx[p + 1] + dx[p - W] + dx[p + W]);
      rr += g * g;
    }
  return rr;
}

int main(int argc, char **argv) {
  int m = argc > 1 ? atoi(argv[1]) : 64;
  int sweeps = argc > 2 ? atoi(argv[2]) : 100;
  int repeats = argc > 3 ? atoi(argv[3]) : 3;
  const double d = argc > 4 ? atof(argv[4]) : 4, s = argc > 5 ? atof(argv[5]) : 1;
  int W = m + 2, N = W * W;
  double *x = calloc((size_t)N, sizeof(double)), *dx = calloc((size_t)N, sizeof(double));
  double *b = calloc((size_t)N, sizeof(double));
  for (int i = 1; i <= m; i++)
    for (int j = 1; j <= m; j++) b[i * W + j] = 1;
  double omega = 2 / (1 + sin(M_PI / (m + 1)));
  double best = 1e300, rr = 0;
  for (int rep = 0; rep < repeats; rep++) {
    for (int p = 0; p < N; p++) x[p] = dx[p] = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int k = 0; k < sweeps; k++) rr = sweep(m, d, s, omega, x, dx, b);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ns = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / ((double)sweeps * m * m);
    if (ns < best) best = ns;
  }
  printf("ns_per_point %.4f residual %.6e\n", best, sqrt(rr) / m);
  free(x);
  free(dx);
  free(b);
  return 0;
}
