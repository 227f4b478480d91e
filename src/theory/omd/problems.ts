/**
 * Synthetic SEA environments (spec omd-sea.md §1.7) with closed-form per-round statistics
 *   σ_t² = sup_x E‖∇f_t(x) − ∇F_t(x)‖²            (stochastic variance)
 *   Σ_t² = sup_x ‖∇F_t(x) − ∇F_{t−1}(x)‖², ∇F_0 ≡ 0 (adversarial variation)
 * so that σ²_{1:T} = Σ_t E σ_t² and Σ²_{1:T} = Σ_t E Σ_t² (Sachs et al. 2022, §2) are exact numbers.
 *
 * Losses (m_t: the mean schedule, ε_t uniform in {±1}^d so that ‖s ε_t/√d‖ = s exactly):
 *   LIN   f_t(x) = ⟨ξ_t, x⟩,  ξ_t = m_t + s ε_t/√d                      (convex, L = 0)
 *   NCVX  f_t(x) = ⟨ξ_t, x⟩ + κ_t/2 ‖x‖², κ_t = ±k fair coin           (f_t concave half the time, F_t linear)
 *   QUAD  f_t(x) = λ/2 ‖x − ξ_t‖²                                       (λ-strongly convex, L = λ)
 *   ROT   QUAD with m_t = r (cos ωt, sin ωt, 0, …)                       (dynamic comparator u_t = m_t)
 *   ROM   ⟨z_{π(t)}, x⟩ for a fixed item set {z_i} in random order, P passes (Sachs §4.2)
 *   EXPC  ½ (x_{i_t} − b_t)², i_t = (t−1) mod d, b_t = m_{t,i_t} + s ε_t  (exp-concave, 1-smooth; shape only)
 */
import type { Rng } from "../common/rng";

export type EnvKind = "LIN" | "QUAD" | "NCVX" | "ROT" | "ROM" | "EXPC";
export type ScheduleKind = "iid" | "alternating" | "piecewise" | "corrupted" | "interpolated";
export type DomainKind = "ball" | "simplex";

/** A mean schedule: base mean m̄ (length d), and the knobs a, B, C, ρ of `meanSchedule`. */
export type ScheduleParams = { kind: ScheduleKind; T: number; d: number; base: Float64Array } & ScheduleKnobs;
export type ScheduleKnobs = { a: number; B: number; C: number; rho: number };

/** m̄ = (−½, 0, …, 0) on the ball (spec §1.7). */
export function ballBase(d: number): Float64Array {
  const m = new Float64Array(d);
  m[0] = -0.5;
  return m;
}

/** Experts on the simplex: every expert loses ½ on average, expert 1 only 0.3. */
export function expertsBase(d: number): Float64Array {
  const m = new Float64Array(d).fill(0.5);
  m[0] = 0.3;
  return m;
}

/**
 * The mean schedule m_1..m_T as a T×d row-major array (row t−1 holds m_t):
 *   iid           m_t = m̄
 *   alternating   m_t = m̄ + a (−1)^t e_2
 *   piecewise     m_t = m̄ · (−1)^{⌊(t−1)/B⌋} (the sign of the whole mean flips every B rounds)
 *   corrupted     m_t = m̄ + c_t: K corrupted rounds spread evenly over [1, T], c_t = ±κ e_2 with signs
 *                 alternating between corrupted rounds, κ = max(1, C/T), K = round(C/κ), so Σ‖c_t‖ = Kκ ≈ C
 *   interpolated  m_t = m̄ + ρ a (−1)^t e_2 (and the noise becomes (1 − ρ) s, see `effectiveNoise`)
 */
export function meanSchedule(p: ScheduleParams): Float64Array {
  const { T, d, base } = p;
  const m = new Float64Array(T * d);
  const e2 = d > 1 ? 1 : 0;
  const kappa = Math.max(1, p.C / T);
  const K = Math.min(T, Math.round(p.C / kappa));
  let corrupted = 0;
  for (let t = 1; t <= T; t++) {
    const row = (t - 1) * d;
    for (let i = 0; i < d; i++) m[row + i] = base[i];
    const alt = t % 2 === 0 ? 1 : -1;
    switch (p.kind) {
      case "iid":
        break;
      case "alternating":
        m[row + e2] += p.a * alt;
        break;
      case "interpolated":
        m[row + e2] += p.rho * p.a * alt;
        break;
      case "piecewise":
        if (Math.floor((t - 1) / p.B) % 2 === 1) for (let i = 0; i < d; i++) m[row + i] = -base[i];
        break;
      case "corrupted":
        if (K > 0 && Math.floor((t * K) / T) > Math.floor(((t - 1) * K) / T)) {
          m[row + e2] += corrupted % 2 === 0 ? kappa : -kappa;
          corrupted++;
        }
        break;
    }
  }
  return m;
}

/** Noise level actually used: the interpolated schedule trades noise for adversity, s = (1 − ρ) s₀. */
export function effectiveNoise(kind: ScheduleKind, s: number, rho: number): number {
  return kind === "interpolated" ? (1 - rho) * s : s;
}

/** ROT means m_t = r (cos ωt, sin ωt, 0, …). */
export function rotatingSchedule(T: number, d: number, r: number, omega: number): Float64Array {
  const m = new Float64Array(T * d);
  for (let t = 1; t <= T; t++) {
    m[(t - 1) * d] = r * Math.cos(omega * t);
    m[(t - 1) * d + 1] = r * Math.sin(omega * t);
  }
  return m;
}

/** Path length of the ROT comparator: P_T = Σ_{t≥2} ‖m_t − m_{t−1}‖ = (T − 1) 2r sin(ω/2). */
export function rotPathLength(T: number, r: number, omega: number): number {
  return (T - 1) * 2 * r * Math.sin(omega / 2);
}

/** The ω with rotPathLength(T, r, ω) = P (needs P ≤ 2r(T − 1)). */
export function rotOmegaForPath(T: number, r: number, P: number): number {
  return 2 * Math.asin(Math.min(1, P / (2 * r * (T - 1))));
}

/**
 * ROM items z_i = m̄ + a (−1)^i e_2 + s ε(i)/√d, i = 0..n−1, where ε(i) ∈ {±1}^d are the bits of ⌊i/2⌋:
 * a deterministic set whose mean z̄ and spread V = (1/n) Σ‖z_i − z̄‖² are computed exactly.
 */
export function romItems(n: number, d: number, base: Float64Array, a: number, s: number): Float64Array {
  const z = new Float64Array(n * d);
  const scale = s / Math.sqrt(d);
  for (let i = 0; i < n; i++) {
    const bits = i >> 1;
    for (let j = 0; j < d; j++) z[i * d + j] = base[j] + ((bits >> j) & 1 ? scale : -scale);
    if (d > 1) z[i * d + 1] += i % 2 === 0 ? a : -a;
  }
  return z;
}

export interface Problem {
  env: EnvKind;
  domain: DomainKind;
  T: number;
  d: number;
  /** Ball radius (ball domain). */
  R: number;
  /** Diameter, gradient bound, smoothness of F_t, strong convexity of F_t (0 if none). */
  D: number;
  G: number;
  L: number;
  lambda: number;
  /** Noise level s (after interpolation). */
  s: number;
  /** NCVX curvature k. */
  k: number;
  /** T×d mean schedule (deterministic environments). */
  m: Float64Array;
  /** ROM: n×d items, passes P (T = nP). */
  items?: Float64Array;
  n?: number;
  passes?: number;
  /** ROT: the comparator is u_t = m_t (dynamic regret). */
  dynamic: boolean;
}

/** What `makeProblem` needs: m for every env but ROM (ROT passes rotatingSchedule), items and passes for ROM. */
export type ProblemOptions = Pick<Problem, "env" | "T" | "d" | "s"> &
  Partial<Pick<Problem, "domain" | "R" | "lambda" | "k" | "m" | "items" | "passes">>;

function maxRowNorm(m: Float64Array, d: number, inf = false): number {
  let best = 0;
  for (let r = 0; r < m.length / d; r++) {
    let v = 0;
    for (let i = 0; i < d; i++) v = inf ? Math.max(v, Math.abs(m[r * d + i])) : v + m[r * d + i] ** 2;
    best = Math.max(best, inf ? v : Math.sqrt(v));
  }
  return best;
}

/** Builds a problem and its constants D, G, L, λ (each a sup over the domain, §1.7 table). */
export function makeProblem(o: ProblemOptions): Problem {
  const domain = o.domain ?? "ball";
  const R = o.R ?? 1;
  const lambda = o.lambda ?? 1;
  const k = o.k ?? 0;
  const { T, d, s } = o;
  if (!(d >= 1 && d <= 31)) throw new Error(`dimension must be 1..31, got ${d}`);
  if (domain === "simplex" && o.env !== "LIN") throw new Error("the simplex domain is only used with LIN losses");
  let m = o.m ?? new Float64Array(T * d);
  let n: number | undefined;
  if (o.env === "ROM") {
    if (!o.items || !o.passes) throw new Error("ROM needs items and passes");
    n = o.items.length / d;
    if (n * o.passes !== T) throw new Error(`ROM needs T = n·P, got T=${T}, n=${n}, P=${o.passes}`);
    m = new Float64Array(0);
  } else if (m.length !== T * d) throw new Error("mean schedule must have T·d entries");
  const mMax = o.env === "ROM" ? maxRowNorm(o.items!, d) : maxRowNorm(m, d);
  const D = domain === "ball" ? 2 * R : Math.SQRT2;
  let G: number;
  let L = 0;
  let strong = 0;
  switch (o.env) {
    case "LIN":
      G = mMax + s;
      break;
    case "NCVX":
      G = mMax + s + k * R;
      break;
    case "QUAD":
    case "ROT":
      G = lambda * (R + mMax + s);
      L = lambda;
      strong = lambda;
      break;
    case "ROM":
      G = mMax;
      break;
    case "EXPC":
      G = R + maxRowNorm(m, d, true) + s;
      L = 1;
      break;
  }
  return { ...o, domain, R, D, G, L, lambda: strong, k, m, n, dynamic: o.env === "ROT" };
}

/** Mean z̄ and spread V = (1/n)Σ‖z_i − z̄‖² of the ROM items. */
export function itemMoments(items: Float64Array, d: number): { mean: Float64Array; V: number } {
  const n = items.length / d;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += items[i * d + j] / n;
  let V = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) V += (items[i * d + j] - mean[j]) ** 2 / n;
  return { mean, V };
}

export interface RoundStats {
  /** E σ_t² and E Σ_t², t = 1..T (index t − 1). */
  sigma2: Float64Array;
  Sigma2: Float64Array;
}

/**
 * Closed-form per-round statistics.
 * LIN: σ_t² = s², Σ_t² = ‖m_t − m_{t−1}‖² (m_0 = 0). NCVX: σ_t² = s² + k²R² (cross term has mean 0).
 * QUAD/ROT: λ²s², λ²‖m_t − m_{t−1}‖², and Σ_1² = sup_x λ²‖x − m_1‖² = λ²(R + ‖m_1‖)².
 * EXPC: σ_t² = s²; Σ_t² = (R + √(m_{t,i}² + m_{t−1,j}²))² for the coordinates i = i_t ≠ j = i_{t−1}.
 * ROM (k items left before round t, n items, V their spread): sampling without replacement gives
 *   E σ_t² = (k−1)/k · n/(n−1) · V,  E Σ_t² = n V / ((n−1) k (k+1)) inside a pass, V at a pass
 *   boundary (the last item against the full mean), ‖z̄‖² at t = 1; so Σ²_{1:T} = ‖z̄‖² + (2P − 1) V.
 */
export function roundStats(p: Problem): RoundStats {
  const { T, d, m, s, R } = p;
  const sigma2 = new Float64Array(T);
  const Sigma2 = new Float64Array(T);
  if (p.env === "ROM") {
    const n = p.n!;
    const { mean, V } = itemMoments(p.items!, d);
    const c = n > 1 ? n / (n - 1) : 0;
    for (let t = 1; t <= T; t++) {
      const k = n - ((t - 1) % n);
      sigma2[t - 1] = ((k - 1) / k) * c * V;
      if (t === 1) {
        let z2 = 0;
        for (let j = 0; j < d; j++) z2 += mean[j] ** 2;
        Sigma2[0] = z2;
      } else Sigma2[t - 1] = k === n ? V : (c * V) / (k * (k + 1));
    }
    return { sigma2, Sigma2 };
  }
  const lam2 = p.lambda * p.lambda;
  for (let t = 1; t <= T; t++) {
    const row = (t - 1) * d;
    let diff2 = 0;
    for (let i = 0; i < d; i++) diff2 += (m[row + i] - (t > 1 ? m[row - d + i] : 0)) ** 2;
    switch (p.env) {
      case "LIN":
        sigma2[t - 1] = s * s;
        Sigma2[t - 1] = diff2;
        break;
      case "NCVX":
        sigma2[t - 1] = s * s + p.k * p.k * R * R;
        Sigma2[t - 1] = diff2;
        break;
      case "QUAD":
      case "ROT":
        sigma2[t - 1] = lam2 * s * s;
        Sigma2[t - 1] = t === 1 ? lam2 * (R + Math.sqrt(diff2)) ** 2 : lam2 * diff2;
        break;
      case "EXPC": {
        sigma2[t - 1] = s * s;
        const i = (t - 1) % d;
        const j = (t - 2 + d) % d;
        const r = t === 1 ? Math.abs(m[row + i]) : Math.hypot(m[row + i], m[row - d + j]);
        Sigma2[t - 1] = (R + r) ** 2;
        break;
      }
    }
  }
  return { sigma2, Sigma2 };
}

export interface CumulativeStats {
  /** σ²_{1:t}, Σ²_{1:t} at each t (prefix sums). */
  sigma2: Float64Array;
  Sigma2: Float64Array;
  /** max_t σ_t², max_{t≥2} Σ_t² (the first round is paid separately in the strongly convex bounds). */
  sigma2Max: number;
  Sigma2Max: number;
  /** Σ_{s≤t} Σ_s²/s (Sachs Thm 7, sum form). */
  harmonicSigma2: Float64Array;
}

export function cumulativeStats(r: RoundStats): CumulativeStats {
  const T = r.sigma2.length;
  const sigma2 = new Float64Array(T);
  const Sigma2 = new Float64Array(T);
  const harmonicSigma2 = new Float64Array(T);
  let a = 0;
  let b = 0;
  let h = 0;
  let sigma2Max = 0;
  let Sigma2Max = 0;
  for (let t = 0; t < T; t++) {
    a += r.sigma2[t];
    b += r.Sigma2[t];
    h += r.Sigma2[t] / (t + 1);
    sigma2[t] = a;
    Sigma2[t] = b;
    harmonicSigma2[t] = h;
    sigma2Max = Math.max(sigma2Max, r.sigma2[t]);
    if (t > 0) Sigma2Max = Math.max(Sigma2Max, r.Sigma2[t]);
  }
  return { sigma2, Sigma2, sigma2Max, Sigma2Max, harmonicSigma2 };
}

/**
 * One run's random draws: the sampled vectors ξ_t (T×d), NCVX curvatures κ_t, and for ROM the
 * per-run means m_t = z̄ of the items not yet shown in the current pass. Buffers are reused.
 */
export class Realization {
  readonly xi: Float64Array;
  readonly kappa: Float64Array;
  /** Means used for the pseudo-regret: p.m, or per-run (ROM). */
  m: Float64Array;
  private readonly perm: Int32Array;
  private readonly remSum: Float64Array;

  constructor(readonly p: Problem) {
    this.xi = new Float64Array(p.T * p.d);
    this.kappa = new Float64Array(p.env === "NCVX" ? p.T : 0);
    this.m = p.env === "ROM" ? new Float64Array(p.T * p.d) : p.m;
    this.perm = new Int32Array(p.n ?? 0);
    this.remSum = new Float64Array(p.d);
  }

  /** Draw run-level randomness from rng (the same draws, in the same order, for every learner). */
  draw(rng: Rng): this {
    const { p, xi } = this;
    const { T, d } = p;
    if (p.env === "ROM") return this.drawRandomOrder(rng);
    const scale = p.s / Math.sqrt(d);
    const m = p.m;
    for (let t = 0; t < T; t++) {
      const row = t * d;
      // One 32-bit word gives the d ≤ 31 signs of ε_t and the sign of κ_t.
      const bits = rng.u32();
      if (p.env === "EXPC") {
        for (let i = 0; i < d; i++) xi[row + i] = m[row + i];
        xi[row + (t % d)] += bits & 1 ? p.s : -p.s;
        continue;
      }
      for (let i = 0; i < d; i++) xi[row + i] = m[row + i] + ((bits >>> i) & 1 ? scale : -scale);
      if (p.env === "NCVX") this.kappa[t] = (bits >>> d) & 1 ? p.k : -p.k;
    }
    return this;
  }

  private drawRandomOrder(rng: Rng): this {
    const { p, xi, perm, remSum, m } = this;
    const { d } = p;
    const n = p.n!;
    const z = p.items!;
    for (let pass = 0; pass < p.passes!; pass++) {
      for (let i = 0; i < n; i++) perm[i] = i;
      // Fisher–Yates.
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const tmp = perm[i];
        perm[i] = perm[j];
        perm[j] = tmp;
      }
      remSum.fill(0);
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) remSum[j] += z[i * d + j];
      for (let q = 0; q < n; q++) {
        const row = (pass * n + q) * d;
        const left = n - q;
        const item = perm[q] * d;
        for (let j = 0; j < d; j++) {
          m[row + j] = remSum[j] / left;
          xi[row + j] = z[item + j];
          remSum[j] -= z[item + j];
        }
      }
    }
    return this;
  }
}
