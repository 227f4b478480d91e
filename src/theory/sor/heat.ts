/**
 * The heat-equation sequence of [P] App. G.2 as the authors' code runs it (utils/Heat2D.m,
 * scripts/h2d.m at HEAD): ∂u/∂t = κ(t)Δu + f on [0,1]², zero Dirichlet boundary, Crank–Nicolson on
 * the (n_x − 1)² interior grid. Step t solves A_t u = b_t with A_t = I − (Δt/2)κ(t_{½})Δ_h — on our
 * stencil d = 1 + 4s, off-diagonal s = κΔt/(2Δx²) — by warm-started SSOR-PCG (relative tolerance 1e-8).
 *
 * Code choices (spec § 4.3; the paper's text differs): κ(t) = max(0.1 sin 2πt, −10 sin 2πt) ∈ [0, 10];
 * initial u = bump of radius ¼ at the centre; forcing 32 · bump of radius ⅛ centred at
 * (½ + ¼cos 16πt, ½ + ¼sin 16πt); bump(r; R) = exp(1 − 1/(1 − r²/R²)) inside R (peak 1); contexts are κ at
 * the start of the step. Reconstruction here: the horizon [0, 5] is kept and Δt = 5/T, so a short live
 * run still sees five periods of κ (the paper: T = 5000, Δt = 10⁻³).
 */
import { paddedIndex, paddedSize, Stencil } from "./solver";

export const HEAT_HORIZON = 5;

export function heatCoefficient(t: number): number {
  const s = Math.sin(2 * Math.PI * t);
  return Math.max(0.1 * s, -10 * s);
}

function bump(x: number, y: number, cx: number, cy: number, R: number): number {
  const r2 = ((x - cx) ** 2 + (y - cy) ** 2) / (R * R);
  return r2 < 1 ? Math.exp(1 - 1 / (1 - r2)) : 0;
}

/** One Crank–Nicolson trajectory: `system()` builds (A_t, b_t) on `stencil`/`b`, `advance(u)` steps. */
export class HeatSimulation {
  readonly m: number;
  readonly stencil: Stencil;
  readonly u: Float64Array;
  readonly b: Float64Array;
  t = 0;
  private readonly lap: Float64Array;

  constructor(
    readonly nx: number,
    readonly dt: number,
  ) {
    this.m = nx - 1;
    this.stencil = new Stencil(this.m, 1, 0);
    this.u = new Float64Array(paddedSize(this.m));
    this.b = new Float64Array(paddedSize(this.m));
    this.lap = new Float64Array(paddedSize(this.m));
    const h = 1 / nx;
    for (let i = 0; i < this.m; i++) {
      for (let j = 0; j < this.m; j++)
        this.u[paddedIndex(this.m, i, j)] = bump((i + 1) * h, (j + 1) * h, 0.5, 0.5, 0.25);
    }
  }

  /** Set the stencil to A_t and `b` to b_t for the step [t, t + Δt] (κ and f at the midpoint). */
  system(): void {
    const { m, nx, dt, u, b, lap } = this;
    const half = this.t + 0.5 * dt;
    const s = (heatCoefficient(half) * dt * nx * nx) / 2;
    this.stencil.d = 1 + 4 * s;
    this.stencil.s = s;
    // b = (I + (Δt/2)κΔ_h)u + Δt f(t_½) = u + s(Σ neighbours − 4u) + Δt f.
    const W = m + 2;
    const fx = 0.5 + Math.cos(16 * Math.PI * half) / 4;
    const fy = 0.5 + Math.sin(16 * Math.PI * half) / 4;
    for (let i = 1; i <= m; i++) {
      for (let p = i * W + 1; p <= i * W + m; p++) lap[p] = u[p - 1] + u[p + 1] + u[p - W] + u[p + W] - 4 * u[p];
    }
    const h = 1 / nx;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        const p = paddedIndex(m, i, j);
        b[p] = u[p] + s * lap[p] + dt * 32 * bump((i + 1) * h, (j + 1) * h, fx, fy, 0.125);
      }
    }
  }

  advance(next: Float64Array): void {
    this.u.set(next);
    this.t += this.dt;
  }
}
