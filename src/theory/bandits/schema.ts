/** Transitional: the page-side declarations of this paper (to be split from experiments.ts). */
export { experiments as schemas } from "./experiments";
