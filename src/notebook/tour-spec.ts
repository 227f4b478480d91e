/** A compiled tour, as the cells module ships it (compiled by src/notebook/tours.ts, shown by src/site/tour.ts). */
export interface TourStep {
  /** The caption as HTML, its `$…$` math rendered. */
  caption: string;
  /** The caption as plain Unicode (announced to screen readers, the page title). */
  text: string;
  /** URL query entries of this step: key → value. Keys and order as written. */
  params: [string, string][];
}

export interface Tour {
  name: string;
  /** The id= cell whose figure the tour shows. */
  figure: string;
  title: string;
  steps: TourStep[];
}
