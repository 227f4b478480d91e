/** The files a figure bundle must hold, as fflate's unzipSync lists them (shared by the Node and browser tests). */
export const expectedBundleFiles = (stem: string): string[] =>
  [
    "", // the folder a plain unzip makes
    "alt-text.txt",
    "citation.bib",
    `${stem}.csv`,
    `${stem}.svg`,
    `${stem}@2x.png`,
    "params.json",
    "permalink.txt",
  ].map((f) => `${stem}/${f}`);
