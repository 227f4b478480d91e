/**
 * Finite-sum affine operators F(u) = (1/n) Σ_i F_i(u) = M u − q, in the "average" normalisation
 * (the released scripts use the sum form Σ_i F_i; the two differ by the factor n inside F_i and
 * give the same F). Every problem of the notebook is affine, so every operator can also hand out its
 * dense (M, q) for exact resolvents and closed-form checks.
 *
 * Oracle accounting lives in `Oracle` (below), not here: an operator only computes.
 */
import { dot, matTVec } from "../common/linalg";
import { encodeRuns, PackedRuns } from "./runs";

export interface Operator {
  /** Number of components. */
  readonly n: number;
  /** Dimension of u. */
  readonly dim: number;
  /** out = F(u). */
  apply(u: Float64Array, out: Float64Array): void;
  /** out += scale · F_i(u). */
  addComponent(i: number, u: Float64Array, scale: number, out: Float64Array): void;
  /** out += scale · (F_i(u) − F_i(v)). */
  addComponentDiff(i: number, u: Float64Array, v: Float64Array, scale: number, out: Float64Array): void;
  /** Dense row-major M (dim×dim) and q with F(u) = M u − q. */
  affine(): { M: Float64Array; q: Float64Array };
  /** out = Mᵀ v (adjoint of the linear part; for operator norms). */
  applyLinearT(v: Float64Array, out: Float64Array): void;
}

/**
 * Counts component-oracle calls the same way for every method, as the released code does: one F_i
 * evaluation is one call, a difference F_i(u) − F_i(v) is two, a full pass F(u) is n.
 */
export class Oracle {
  calls = 0;
  constructor(readonly op: Operator) {}
  full(u: Float64Array, out: Float64Array): void {
    this.op.apply(u, out);
    this.calls += this.op.n;
  }
  component(i: number, u: Float64Array, scale: number, out: Float64Array): void {
    this.op.addComponent(i, u, scale, out);
    this.calls += 1;
  }
  diff(i: number, u: Float64Array, v: Float64Array, scale: number, out: Float64Array): void {
    this.op.addComponentDiff(i, u, v, scale, out);
    this.calls += 2;
  }
}

/**
 * Coordinate-split operator: F(u) = M u − q with M stored by columns (each column a list of dense
 * row runs, so dense game blocks and sparse QP bands are both cheap), and component i owning the
 * columns `groups[i·g … i·g+g)`: F_i(u) = n Σ_{c ∈ group i} M[:,c] u_c − q.
 *
 * This is exactly the splitting of both released scripts: the matrix game's F_i(x,y) =
 * n (A_{i,:}ᵀ y_i, −A_{:,i} x_i) and the QP's F_i = n (H_{:,i} x_i − A_{i,:}ᵀ y_i, A_{:,i} x_i) − q.
 */
export class CoordinateSplitOperator implements Operator {
  readonly n: number;
  private readonly cols: PackedRuns;
  // The same matrix by rows (runs of consecutive columns), so a full pass is row dot products.
  private readonly rows: PackedRuns;

  constructor(
    readonly dim: number,
    private readonly groupSize: number,
    private readonly groups: Int32Array,
    readonly q: Float64Array,
    column: (c: number, out: Float64Array) => void,
  ) {
    this.n = groups.length / groupSize;
    const cols = (this.cols = new PackedRuns(dim, encodeRuns(dim, column)));
    // Transpose: (column, value index) pairs of each row, columns increasing.
    const entries: number[][] = Array.from({ length: dim }, () => []);
    for (let c = 0; c < dim; c++) {
      for (let r = cols.start[c]; r < cols.start[c + 1]; r++) {
        for (let k = cols.off[r]; k < cols.off[r + 1]; k++) entries[cols.first[r] + k - cols.off[r]].push(c, k);
      }
    }
    this.rows = new PackedRuns(
      dim,
      encodeRuns(dim, (r, out) => {
        const e = entries[r];
        for (let i = 0; i < e.length; i += 2) out[e[i]] = cols.vals[e[i + 1]];
      }),
    );
  }

  /** out += s · M[:, c]. */
  private addColumn(c: number, s: number, out: Float64Array): void {
    const { start, first, off, vals } = this.cols;
    for (let r = start[c]; r < start[c + 1]; r++) {
      const base = first[r] - off[r];
      for (let k = off[r], end = off[r + 1]; k < end; k++) out[base + k] += s * vals[k];
    }
  }

  apply(u: Float64Array, out: Float64Array): void {
    for (let i = 0; i < this.dim; i++) out[i] = -this.q[i];
    this.rows.dotAll(u, out);
  }

  addComponent(i: number, u: Float64Array, scale: number, out: Float64Array): void {
    const g = this.groupSize;
    const sn = scale * this.n;
    for (let j = 0; j < g; j++) {
      const c = this.groups[i * g + j];
      if (u[c] !== 0) this.addColumn(c, sn * u[c], out);
    }
    const q = this.q;
    for (let k = 0; k < this.dim; k++) out[k] -= scale * q[k];
  }

  addComponentDiff(i: number, u: Float64Array, v: Float64Array, scale: number, out: Float64Array): void {
    const g = this.groupSize;
    const sn = scale * this.n;
    for (let j = 0; j < g; j++) {
      const c = this.groups[i * g + j];
      const d = u[c] - v[c];
      if (d !== 0) this.addColumn(c, sn * d, out);
    }
  }

  applyLinearT(v: Float64Array, out: Float64Array): void {
    out.fill(0, 0, this.dim);
    this.cols.dotAll(v, out);
  }

  affine(): { M: Float64Array; q: Float64Array } {
    const d = this.dim;
    const M = new Float64Array(d * d);
    const col = new Float64Array(d);
    for (let c = 0; c < d; c++) {
      col.fill(0);
      this.addColumn(c, 1, col);
      for (let r = 0; r < d; r++) M[r * d + c] = col[r];
    }
    return { M, q: Float64Array.from(this.q) };
  }

  /** ‖M[:, group i]‖₂² for groups of one or two columns (closed form of the 2×2 Gram matrix). */
  groupNormSq(i: number): number {
    const g = this.groupSize;
    const cols: Float64Array[] = [];
    for (let j = 0; j < g; j++) {
      const col = new Float64Array(this.dim);
      this.addColumn(this.groups[i * g + j], 1, col);
      cols.push(col);
    }
    if (g === 1) return dot(cols[0], cols[0]);
    if (g !== 2) throw new Error("groupNormSq: groups of size 1 or 2 only");
    const a = dot(cols[0], cols[0]);
    const b = dot(cols[0], cols[1]);
    const c = dot(cols[1], cols[1]);
    return 0.5 * (a + c + Math.sqrt((a - c) ** 2 + 4 * b * b));
  }
}

/** Dense components F_i(u) = M_i u − q_i (M_i row-major dim×dim); F = mean. */
export class DenseComponentsOperator implements Operator {
  private readonly Mbar: Float64Array;
  private readonly qbar: Float64Array;

  constructor(
    readonly n: number,
    readonly dim: number,
    readonly Ms: Float64Array,
    readonly qs: Float64Array,
  ) {
    const d2 = dim * dim;
    this.Mbar = new Float64Array(d2);
    this.qbar = new Float64Array(dim);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < d2; k++) this.Mbar[k] += Ms[i * d2 + k] / n;
      for (let k = 0; k < dim; k++) this.qbar[k] += qs[i * dim + k] / n;
    }
  }

  apply(u: Float64Array, out: Float64Array): void {
    const d = this.dim;
    for (let r = 0; r < d; r++) out[r] = dot(this.Mbar, u, d, r * d, -this.qbar[r]);
  }

  addComponent(i: number, u: Float64Array, scale: number, out: Float64Array): void {
    const d = this.dim;
    const off = i * d * d;
    for (let r = 0; r < d; r++) out[r] += scale * dot(this.Ms, u, d, off + r * d, -this.qs[i * d + r]);
  }

  addComponentDiff(i: number, u: Float64Array, v: Float64Array, scale: number, out: Float64Array): void {
    const d = this.dim;
    const off = i * d * d;
    for (let r = 0; r < d; r++) {
      let s = 0;
      for (let c = 0, row = off + r * d; c < d; c++) s += this.Ms[row + c] * (u[c] - v[c]);
      out[r] += scale * s;
    }
  }

  applyLinearT(v: Float64Array, out: Float64Array): void {
    matTVec(this.Mbar, this.dim, this.dim, v, out);
  }

  affine(): { M: Float64Array; q: Float64Array } {
    return { M: Float64Array.from(this.Mbar), q: Float64Array.from(this.qbar) };
  }
}

/** Finite-sum least squares F_i(u) = a_i (a_iᵀ u − b_i), rows of A (n×d, row-major). */
export class LeastSquaresOperator implements Operator {
  constructor(
    readonly n: number,
    readonly dim: number,
    readonly A: Float64Array,
    readonly b: Float64Array,
  ) {}

  private residualOf(i: number, u: Float64Array): number {
    return dot(this.A, u, this.dim, i * this.dim, -this.b[i]);
  }

  apply(u: Float64Array, out: Float64Array): void {
    const { dim: d, n, A } = this;
    out.fill(0, 0, d);
    const inv = 1 / n;
    for (let i = 0, off = 0; i < n; i++, off += d) {
      const r = this.residualOf(i, u) * inv;
      for (let k = 0; k < d; k++) out[k] += r * A[off + k];
    }
  }

  addComponent(i: number, u: Float64Array, scale: number, out: Float64Array): void {
    const d = this.dim;
    const r = scale * this.residualOf(i, u);
    for (let k = 0, off = i * d; k < d; k++) out[k] += r * this.A[off + k];
  }

  addComponentDiff(i: number, u: Float64Array, v: Float64Array, scale: number, out: Float64Array): void {
    const d = this.dim;
    const off = i * d;
    let s = 0;
    for (let k = 0; k < d; k++) s += this.A[off + k] * (u[k] - v[k]);
    s *= scale;
    for (let k = 0; k < d; k++) out[k] += s * this.A[off + k];
  }

  applyLinearT(v: Float64Array, out: Float64Array): void {
    // M = AᵀA/n is symmetric.
    const d = this.dim;
    out.fill(0, 0, d);
    for (let i = 0; i < this.n; i++) {
      const s = dot(this.A, v, d, i * d) / this.n;
      for (let k = 0; k < d; k++) out[k] += s * this.A[i * d + k];
    }
  }

  affine(): { M: Float64Array; q: Float64Array } {
    const d = this.dim;
    const M = new Float64Array(d * d);
    const q = new Float64Array(d);
    for (let i = 0; i < this.n; i++) {
      for (let r = 0; r < d; r++) {
        const ar = this.A[i * d + r] / this.n;
        q[r] += ar * this.b[i];
        for (let c = 0; c < d; c++) M[r * d + c] += ar * this.A[i * d + c];
      }
    }
    return { M, q };
  }
}
