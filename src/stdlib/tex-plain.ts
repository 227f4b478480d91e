/**
 * "text with $math$" as plain Unicode, for every string where no math can render: select options,
 * accessible names, SVG titles, meta descriptions. Pure (the compiler in Node uses it too). Whatever
 * it does not know it still never leaks: an unknown `\word` loses its backslash, braces go.
 */
const WORDS = new Map(
  Object.entries({
    alpha: "α",
    beta: "β",
    gamma: "γ",
    Gamma: "Γ",
    delta: "δ",
    Delta: "Δ",
    varepsilon: "ε",
    epsilon: "ϵ",
    zeta: "ζ",
    eta: "η",
    theta: "θ",
    Theta: "Θ",
    kappa: "κ",
    lambda: "λ",
    Lambda: "Λ",
    mu: "μ",
    nu: "ν",
    xi: "ξ",
    pi: "π",
    rho: "ρ",
    sigma: "σ",
    Sigma: "Σ",
    tau: "τ",
    phi: "φ",
    varphi: "φ",
    Phi: "Φ",
    chi: "χ",
    psi: "ψ",
    Psi: "Ψ",
    omega: "ω",
    Omega: "Ω",
    ell: "ℓ",
    nabla: "∇",
    partial: "∂",
    infty: "∞",
    cdot: "·",
    times: "×",
    le: "≤",
    leq: "≤",
    ge: "≥",
    geq: "≥",
    ne: "≠",
    neq: "≠",
    approx: "≈",
    sim: "∼",
    propto: "∝",
    in: "∈",
    to: "→",
    rightarrow: "→",
    leftarrow: "←",
    mapsto: "↦",
    pm: "±",
    star: "*",
    ast: "*",
    ldots: "…",
    dots: "…",
    cdots: "⋯",
    sum: "Σ",
    prod: "Π",
    langle: "⟨",
    rangle: "⟩",
    lVert: "‖",
    rVert: "‖",
    Vert: "‖",
    "|": "‖",
    top: "ᵀ",
    quad: " ",
    qquad: " ",
  }),
);
const SUP = new Map([..."0123456789+-−()=nikTsdt*"].map((c, i) => [c, [..."⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁽⁾⁼ⁿⁱᵏᵀˢᵈᵗ*"][i]]));
const SUB = new Map([..."0123456789+-−()=aeijkmnotx"].map((c, i) => [c, [..."₀₁₂₃₄₅₆₇₈₉₊₋₋₍₎₌ₐₑᵢⱼₖₘₙₒₜₓ"][i]]));

/** A `^`/`_` argument in Unicode super/subscripts when every character has one, else `^(…)`/`_…`. */
function script(arg: string, map: Map<string, string>, mark: string): string {
  const chars = [...arg];
  if (chars.every((c) => map.has(c))) return chars.map((c) => map.get(c)).join("");
  return arg.length === 1 ? `${mark}${arg}` : `${mark}(${arg})`;
}

/** One TeX formula (the inside of `$…$`) as plain text. */
export function texToPlain(tex: string): string {
  let s = tex
    .replace(/\\(?:mathrm|mathbf|mathit|mathsf|mathcal|text|textrm|operatorname|boldsymbol)\s*\{([^{}]*)\}/g, "$1")
    .replace(/\\(?:widetilde|tilde)\s*\{?O\}?/g, "Õ")
    .replace(/\\(?:widehat|hat)\s*\{?([A-Za-z])\}?/g, "$1\u0302")
    .replace(/\\(?:bar|overline)\s*\{?([A-Za-z])\}?/g, "$1\u0304")
    .replace(/\\(?:left|right|big|Big|bigg|Bigg)\b\s*/g, "")
    // Known symbols become Unicode; operators (\ln) and unknown words keep their name, never the
    // backslash. \frac and \sqrt stay for the structural pass below.
    .replace(/\\([A-Za-z]+|\|)(\s*)/g, (m, w: string, space: string) =>
      w === "frac" || w === "dfrac" || w === "sqrt" ? m : (WORDS.get(w) ?? w) + (space ? " " : ""),
    )
    .replace(/\\[,;!:> ]/g, " ")
    .replace(/\\([{}_$%&#])/g, "$1");
  // Innermost groups first: scripts, then fractions and roots, until nothing changes.
  for (let before = ""; before !== s; ) {
    before = s;
    s = s
      .replace(/\^\s*(?:\{([^{}]*)\}|([^\s{\\]))/g, (_, a?: string, b?: string) =>
        script((a ?? b ?? "").trim(), SUP, "\u0001"),
      )
      .replace(/_\s*(?:\{([^{}]*)\}|([^\s{\\]))/g, (_, a?: string, b?: string) =>
        script((a ?? b ?? "").trim(), SUB, "\u0002"),
      )
      .replace(/\\d?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, (_, a: string, b: string) => `${group(a)}/${group(b)}`)
      .replace(/\\sqrt\s*\{([^{}]*)\}/g, (_, a: string) => `√${group(a)}`);
  }
  // The marks of scripts without Unicode forms were held out of the loop (it would read them again).
  return s
    .replaceAll("\u0001", "^")
    .replaceAll("\u0002", "_")
    .replace(/\\(d?frac|sqrt)/g, "")
    .replace(/[{}]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** A fraction's or root's part: bare when it is one symbol or word, in parentheses otherwise. */
function group(p: string): string {
  p = p.trim();
  return [...p].length <= 1 || /^[\p{L}\p{N}]+$/u.test(p) ? p : `(${p})`;
}

/** "rate $O(\varepsilon^{-3})$" → "rate O(ε⁻³)": text with `$…$` math, as plain text. */
export function plainText(label: string): string {
  return label.replace(/\$([^$]+)\$/g, (_, tex: string) => texToPlain(tex));
}
