// The public API of @observablehq/runtime 6 and @observablehq/inspector 5, which ship no types.
// Only what src/notebook/runtime.ts uses; private fields (_variables, _scope…) are deliberately absent.
declare module "@observablehq/runtime" {
  export interface Observer {
    pending?(): void;
    fulfilled?(value: unknown, name?: string | null): void;
    rejected?(error: unknown, name?: string | null): void;
  }
  export type Definition = (...inputs: never[]) => unknown;
  export class Variable {
    define(name: string | null, inputs: string[], definition: Definition): this;
    define(inputs: string[], definition: Definition): this;
    delete(): this;
  }
  export class Module {
    variable(observer?: Observer | boolean): Variable;
    define(name: string, inputs: string[], definition: Definition): Variable;
    redefine(name: string, inputs: string[], definition: Definition): Variable;
    value(name: string): Promise<unknown>;
    builtin(name: string, value: unknown): void;
  }
  export class Runtime {
    constructor(builtins?: Record<string, Definition>, global?: (name: string) => unknown);
    module(): Module;
    dispose(): void;
  }
  export class RuntimeError extends Error {
    constructor(message: string, input?: string);
  }
}

declare module "@observablehq/inspector" {
  import type { Observer } from "@observablehq/runtime";
  export class Inspector implements Observer {
    constructor(node: Element);
    pending(): void;
    fulfilled(value: unknown, name?: string | null): void;
    rejected(error: unknown, name?: string | null): void;
  }
}

declare module "@observablehq/inputs" {
  type Input = HTMLElement & { value: unknown };
  export function range(extent: [number, number], options?: Record<string, unknown>): Input;
  export function number(extent?: [number, number], options?: Record<string, unknown>): Input;
  export function select(data: readonly unknown[], options?: Record<string, unknown>): Input;
  export function checkbox(data: readonly unknown[], options?: Record<string, unknown>): Input;
  export function toggle(options?: Record<string, unknown>): Input;
  export function radio(data: readonly unknown[], options?: Record<string, unknown>): Input;
  export function text(options?: Record<string, unknown>): Input;
  export function button(content?: unknown, options?: Record<string, unknown>): Input;
  export function form(inputs: unknown, options?: Record<string, unknown>): Input;
  export function table(data: unknown, options?: Record<string, unknown>): Input;
  export function search(data: unknown, options?: Record<string, unknown>): Input;
  export function bind(target: Input, source: Input, invalidation?: Promise<unknown>): Input;
}

declare module "htl" {
  export function html(strings: TemplateStringsArray, ...values: unknown[]): HTMLElement;
  export function svg(strings: TemplateStringsArray, ...values: unknown[]): SVGElement;
}
