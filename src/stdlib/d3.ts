// All of d3 for cells that use it, in its own lazily loaded chunk (Plot needs only a few d3 modules).
export * from "d3";
