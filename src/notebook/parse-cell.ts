/**
 * Static analysis of one fenced `js` cell with a real parser (acorn) and a real scope analyser
 * (periscopic): which names the cell declares (its outputs), which names it reads from other cells
 * or the standard library (its inputs), and whether its body awaits or yields.
 */
import { type Node as AcornNode, parse } from "acorn";
import type * as ESTree from "estree";
import { analyze, extract_names } from "periscopic";

export interface ParsedCell {
  /** Names read from outside the cell (other cells, the stdlib, or unknown names the runtime reports). */
  inputs: string[];
  /** Top-level names the cell declares. */
  outputs: string[];
  /** A single expression: its value is displayed. */
  expression: boolean;
  /**
   * The cell's value is shown: a single expression, a block that returns a value at top level
   * (`{ … return Plot.plot(…) }`, the Observable idiom), or a generator's successive values.
   */
  display: boolean;
  async: boolean;
  generator: boolean;
  /** The cell's source, as written. */
  source: string;
  /**
   * The members of the standard library's `Plot` and `d3` the cell names (`Plot.line` → "line"), so a page
   * bundles only those; `"all"` when it uses one otherwise (passes it on, spreads it, indexes it by a value).
   */
  members: Record<Library, string[] | "all">;
}

/** The standard library's namespaces whose members a page bundles one by one. */
export type Library = "Plot" | "d3";

export class CellSyntaxError extends Error {
  constructor(
    message: string,
    /** 0-based line and column inside the cell source. */
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/** The scope of each node that opens one (periscopic's `analyze` of the cell body, done once per cell). */
type Scopes = ReturnType<typeof analyze>["map"];

/** Browser globals a cell may use directly; they never become runtime inputs. */
const JS_GLOBALS = new Set(
  (
    "Array ArrayBuffer BigInt Boolean DataView Date Error EvalError Float32Array Float64Array Infinity Int8Array Int16Array " +
    "Int32Array Intl JSON Map Math NaN Number Object Promise Proxy RangeError ReferenceError Reflect RegExp Set String " +
    "Symbol SyntaxError TypeError URIError Uint8Array Uint8ClampedArray Uint16Array Uint32Array URL URLSearchParams " +
    "WeakMap WeakSet alert console crypto decodeURIComponent document encodeURIComponent globalThis isFinite isNaN " +
    "location navigator parseFloat parseInt performance queueMicrotask requestAnimationFrame setInterval setTimeout " +
    "clearInterval clearTimeout structuredClone undefined window"
  ).split(" "),
);

// The cell is parsed as the body of an async generator so that top-level `await` and `yield` parse;
// the prefix sits on its own line, so reported lines shift by exactly one.
const PREFIX = "(async function* __cell__() {\n";
const SUFFIX = "\n})";

export function parseCell(source: string): ParsedCell {
  let program: ESTree.Program;
  try {
    program = parse(PREFIX + source + SUFFIX, {
      ecmaVersion: "latest",
      sourceType: "module",
      locations: true,
    }) as unknown as ESTree.Program;
  } catch (e) {
    const err = e as SyntaxError & { loc?: { line: number; column: number } };
    const line = (err.loc?.line ?? 2) - 2;
    const message = err.message.replace(/\s*\(\d+:\d+\)$/, "");
    if (/'import' and 'export' may (only )?appear/.test(message)) {
      throw new CellSyntaxError(
        "cells cannot import or export; the standard library (Plot, d3, Inputs, tex, html, controls, run, …) is already in scope",
        line,
        err.loc?.column ?? 0,
      );
    }
    throw new CellSyntaxError(message, Math.max(0, line), err.loc?.column ?? 0);
  }
  const fn = (program.body[0] as ESTree.ExpressionStatement).expression as ESTree.FunctionExpression;
  const body = fn.body.body;

  const outputs: string[] = [];
  for (const stmt of body) {
    if (stmt.type === "VariableDeclaration") {
      for (const d of stmt.declarations) outputs.push(...extract_names(d.id));
    } else if ((stmt.type === "FunctionDeclaration" || stmt.type === "ClassDeclaration") && stmt.id) {
      outputs.push(stmt.id.name);
    }
  }
  const seen = new Set<string>();
  for (const name of outputs) {
    if (seen.has(name)) throw new CellSyntaxError(`"${name}" is declared twice in this cell`, 0, 0);
    seen.add(name);
  }

  const { map, globals, scope } = analyze(fn.body);
  const own = new Set([...scope.declarations.keys()]);
  const inputs = [...globals.keys()].filter(
    (n) => !own.has(n) && !JS_GLOBALS.has(n) && n !== "__cell__" && n !== "arguments",
  );

  const isAsync = containsTopLevel(
    fn.body,
    (n) => n.type === "AwaitExpression" || (n.type === "ForOfStatement" && n.await),
  );
  const isGenerator = containsTopLevel(fn.body, (n) => n.type === "YieldExpression");
  const expression = body.length === 1 && body[0].type === "ExpressionStatement" && !isGenerator;
  const returns = containsTopLevel(fn.body, (n) => n.type === "ReturnStatement");
  if (returns && outputs.length > 0) {
    throw new CellSyntaxError(
      "a cell that returns a value displays it and cannot also declare top-level names; move the declarations to another cell",
      0,
      0,
    );
  }
  if (isGenerator && outputs.length > 0) {
    throw new CellSyntaxError(
      "a cell that yields displays its values and cannot also declare top-level names; move the declarations to another cell",
      0,
      0,
    );
  }
  checkAssignments(fn.body, map, own, inputs);
  return {
    members: {
      Plot: inputs.includes("Plot") ? membersOf(fn.body, map, "Plot") : [],
      d3: inputs.includes("d3") ? membersOf(fn.body, map, "d3") : [],
    },
    inputs: inputs.sort(),
    outputs,
    expression,
    display: expression || returns || isGenerator,
    async: isAsync,
    generator: isGenerator,
    source,
  };
}

/** True if some node outside nested functions satisfies `test` (a nested function's await is its own). */
function containsTopLevel(root: ESTree.Node, test: (n: ESTree.Node) => boolean): boolean {
  const stack: ESTree.Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (test(node)) return true;
    for (const value of Object.values(node)) {
      for (const child of Array.isArray(value) ? value : [value]) {
        if (!child || typeof child.type !== "string") continue;
        if (
          child.type === "FunctionDeclaration" ||
          child.type === "FunctionExpression" ||
          child.type === "ArrowFunctionExpression"
        )
          continue;
        stack.push(child);
      }
    }
  }
  return false;
}

/**
 * The static members `name.member` of the free variable `name` read in `root`, sorted; "all" if `name` is
 * read any other way. A name declared in an inner scope is that scope's own, not the free variable.
 */
function membersOf(root: ESTree.Node, map: Scopes, name: string): string[] | "all" {
  const members = new Set<string>();
  let whole = false;
  const visit = (node: ESTree.Node, parent: ESTree.Node | undefined, free: boolean) => {
    const scope = map.get(node);
    const stillFree = free && !(scope && node !== root && scope.declarations.has(name));
    if (node.type === "Identifier" && node.name === name && stillFree && isReference(node, parent)) {
      const member = parent?.type === "MemberExpression" && parent.object === node && !parent.computed;
      if (member && parent.property.type === "Identifier") members.add(parent.property.name);
      else whole = true;
    }
    for (const value of Object.values(node)) {
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child.type === "string") visit(child, node, stillFree);
      }
    }
  };
  visit(root, undefined, true);
  return whole ? "all" : [...members].sort();
}

/** An identifier that reads a variable (not a property name, an object key or a label). */
function isReference(node: ESTree.Identifier, parent: ESTree.Node | undefined): boolean {
  if (!parent) return true;
  if (parent.type === "MemberExpression") return parent.object === node || parent.computed;
  if (parent.type === "Property" || parent.type === "PropertyDefinition" || parent.type === "MethodDefinition")
    return parent.value === node || (parent.computed && parent.key === node);
  if (parent.type === "LabeledStatement" || parent.type === "BreakStatement" || parent.type === "ContinueStatement")
    return false;
  return true;
}

/** Another cell's value is read-only here: `x = …` for an input x is a compile error, as in Observable. */
function checkAssignments(root: ESTree.Node, map: Scopes, own: Set<string>, inputs: string[]): void {
  const external = new Set(inputs);
  const visit = (node: ESTree.Node, scopes: ReturnType<typeof analyze>["scope"][]) => {
    const scope = map.get(node);
    const chain = scope ? [scope, ...scopes] : scopes;
    const target =
      node.type === "AssignmentExpression" ? node.left : node.type === "UpdateExpression" ? node.argument : undefined;
    if (target) {
      for (const name of extract_names(target as ESTree.Node)) {
        const owned = chain.some((s) => s.declarations.has(name));
        if (!owned && external.has(name) && !own.has(name)) {
          const loc = (node as AcornNode & { loc?: { start: { line: number; column: number } } }).loc;
          throw new CellSyntaxError(
            `cannot assign to "${name}": it is not declared in this cell (another cell's value is read-only)`,
            (loc?.start.line ?? 2) - 2,
            loc?.start.column ?? 0,
          );
        }
      }
    }
    for (const value of Object.values(node)) {
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child.type === "string") visit(child, chain);
      }
    }
  };
  visit(root, []);
}
