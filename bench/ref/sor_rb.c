/* C reference for bench/sor.ts: the same fused red-black SOR sweep as src/theory/sor/solver.ts
 * (Stencil.redBlackSweep), line by line: one buffer a = [x | dx | rhs] on the padded (m+2)^2 grid; red
 * row 1, then one wavefront pass where step i updates the red points of row i+1, the black points of
 * row i (with their residuals) and finishes the red residuals of row i-1 from the stored corrections,
 * the values a point loads that the next point needs again carried in locals (xw, yw, dw); then the
 * red residuals of row m. Same arithmetic, expression by expression, as the two half-sweeps; b = ones,
 * omega = Young's omega*. Plain C, no -march flags.
 * The stencil's d and s are read at run time, as the TypeScript sweep gets them from its Stencil (any
 * shift c, the heat system's s): with d = 4, s = 1 compiled in, the compiler folds 1 * (...) away and
 * the loop does three fewer multiplications per red-black pair (about 10% here). -DFOLD_DS builds that
 * specialised variant, which bench/sor.ts reports alongside.
 * Usage: sor_rb m sweeps repeats [d s] -> prints "ns_per_point <best over repeats>" and the final
 * residual. Build: cc -O3 -o bench/ref/build/sor_rb bench/ref/sor_rb.c -lm */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double sweep(int m, double d, double s, double omega, double *a) {
  const int W = m + 2, N = W * W;
  const double wd = omega / d, cr = d * (1 - omega) / omega;
  const int W1 = W + 1, W2 = W + W;
  const int oD = N, oB = N + N, oDs = oD + W, oBs = oB + W, oDn = oD - W, oDn1 = oDn + 1, oDnn = oDn - W;
  {
    int p = W + 1;
    double xw = a[p - 1];
    for (const int e = W + m; p <= e; p += 2) {
      const double xe = a[p + 1];
      const double xp = a[p];
      const double t = wd * (a[p + oB] - d * xp + s * (xw + xe + a[p - W] + a[p + W]));
      a[p] = xp + t;
      a[p + oD] = t;
      xw = xe;
    }
  }
  double rr = 0;
  for (int i = 1; i <= m; i++) {
    int p = i * W + 1 + (i & 1);
    const int e = i * W + m;
    double xw = a[p - 1];
    double yw = a[p + W - 1];
    double dw = a[p + oDn - 1];
    double rred = 0;
    if (i >= 2 && i < m) {
      for (; p <= e; p += 2) {
        const double xp = a[p];
        const double ye = a[p + W1];
        const double yp = a[p + W];
        const double tr = wd * (a[p + oBs] - d * yp + s * (yw + ye + xp + a[p + W2]));
        const double yn = yp + tr;
        a[p + W] = yn;
        a[p + oDs] = tr;
        yw = ye;
        const double xe = a[p + 1];
        const double t = wd * (a[p + oB] - d * xp + s * (xw + xe + a[p - W] + yn));
        a[p] = xp + t;
        a[p + oD] = t;
        const double r = cr * t;
        rr += r * r;
        xw = xe;
        const double de = a[p + oDn1];
        const double g = cr * a[p + oDn] + s * (dw + de + a[p + oDnn] + t);
        rred += g * g;
        dw = de;
      }
    } else {
      for (; p <= e; p += 2) {
        const double xp = a[p];
        double yn = 0;
        if (i < m) {
          const double ye = a[p + W1];
          const double yp = a[p + W];
          const double tr = wd * (a[p + oBs] - d * yp + s * (yw + ye + xp + a[p + W2]));
          yn = yp + tr;
          a[p + W] = yn;
          a[p + oDs] = tr;
          yw = ye;
        } else
          yn = a[p + W];
        const double xe = a[p + 1];
        const double t = wd * (a[p + oB] - d * xp + s * (xw + xe + a[p - W] + yn));
        a[p] = xp + t;
        a[p + oD] = t;
        const double r = cr * t;
        rr += r * r;
        xw = xe;
        if (i >= 2) {
          const double de = a[p + oDn1];
          const double g = cr * a[p + oDn] + s * (dw + de + a[p + oDnn] + t);
          rred += g * g;
          dw = de;
        }
      }
    }
    rr += rred;
  }
  double rred = 0;
  for (int p = m * W + 2 - (m & 1) + oD, e = m * W + m + oD; p <= e; p += 2) {
    const double g = cr * a[p] + s * (a[p - 1] + a[p + 1] + a[p - W] + a[p + W]);
    rred += g * g;
  }
  return rr + rred;
}

int main(int argc, char **argv) {
  int m = argc > 1 ? atoi(argv[1]) : 64;
  int sweeps = argc > 2 ? atoi(argv[2]) : 100;
  int repeats = argc > 3 ? atoi(argv[3]) : 3;
#ifdef FOLD_DS
  const double d = 4, s = 1;
#else
  const double d = argc > 4 ? atof(argv[4]) : 4, s = argc > 5 ? atof(argv[5]) : 1;
#endif
  int W = m + 2, N = W * W;
  double *a = calloc(3 * (size_t)N, sizeof(double));
  for (int i = 1; i <= m; i++)
    for (int j = 1; j <= m; j++) a[2 * N + i * W + j] = 1;
  double omega = 2 / (1 + sin(M_PI / (m + 1)));
  double best = 1e300, rr = 0;
  for (int rep = 0; rep < repeats; rep++) {
    for (int p = 0; p < 2 * N; p++) a[p] = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int k = 0; k < sweeps; k++) rr = sweep(m, d, s, omega, a);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ns = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / ((double)sweeps * m * m);
    if (ns < best) best = ns;
  }
  printf("ns_per_point %.4f residual %.6e\n", best, sqrt(rr) / m);
  free(a);
  return 0;
}
