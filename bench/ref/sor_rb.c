/* C reference for bench/sor.ts: the same fused red-black SOR sweep as src/theory/sor/solver.ts
 * (Stencil.redBlackSweep): red half-sweep, black half-sweep with the black residual, the red residual
 * from the stored corrections one row behind. Padded (m+2)^2 grid, b = ones, omega = Young's omega*.
 * Usage: sor_rb m sweeps repeats -> prints "ns_per_point <best over repeats>" and the final residual.
 * Build: cc -O3 -o bench/ref/build/sor_rb bench/ref/sor_rb.c -lm */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double red_residual_row(int m, int W, int i, double cr, double s, const double *dx) {
  double rr = 0;
  for (int p = i * W + 2 - (i & 1), e = i * W + m; p <= e; p += 2) {
    double r = cr * dx[p] + s * (dx[p - 1] + dx[p + 1] + dx[p - W] + dx[p + W]);
    rr += r * r;
  }
  return rr;
}

static double sweep(int m, double d, double s, double omega, const double *b, double *x, double *dx) {
  const int W = m + 2;
  const double wd = omega / d, cr = d * (1 - omega) / omega;
  for (int i = 1; i <= m; i++)
    for (int p = i * W + 2 - (i & 1), e = i * W + m; p <= e; p += 2) {
      double t = wd * (b[p] - d * x[p] + s * (x[p - 1] + x[p + 1] + x[p - W] + x[p + W]));
      x[p] += t;
      dx[p] = t;
    }
  double rr = 0;
  for (int i = 1; i <= m; i++) {
    for (int p = i * W + 1 + (i & 1), e = i * W + m; p <= e; p += 2) {
      double t = wd * (b[p] - d * x[p] + s * (x[p - 1] + x[p + 1] + x[p - W] + x[p + W]));
      x[p] += t;
      dx[p] = t;
      double r = cr * t;
      rr += r * r;
    }
    if (i >= 2) rr += red_residual_row(m, W, i - 1, cr, s, dx);
  }
  return rr + red_residual_row(m, W, m, cr, s, dx);
}

int main(int argc, char **argv) {
  int m = argc > 1 ? atoi(argv[1]) : 64;
  int sweeps = argc > 2 ? atoi(argv[2]) : 100;
  int repeats = argc > 3 ? atoi(argv[3]) : 3;
  int W = m + 2, N = W * W;
  double *b = calloc(N, sizeof(double)), *x = calloc(N, sizeof(double)), *dx = calloc(N, sizeof(double));
  for (int i = 1; i <= m; i++)
    for (int j = 1; j <= m; j++) b[i * W + j] = 1;
  double omega = 2 / (1 + sin(M_PI / (m + 1)));
  double best = 1e300, rr = 0;
  for (int rep = 0; rep < repeats; rep++) {
    for (int p = 0; p < N; p++) x[p] = dx[p] = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int k = 0; k < sweeps; k++) rr = sweep(m, 4, 1, omega, b, x, dx);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ns = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / ((double)sweeps * m * m);
    if (ns < best) best = ns;
  }
  printf("ns_per_point %.4f residual %.6e\n", best, sqrt(rr) / m);
  free(b);
  free(x);
  free(dx);
  return 0;
}
