/**
 * TeX → self-contained SVG paths with MathJax (no fonts needed, so exported figures open the same in
 * Inkscape, Illustrator or a browser offline). Loaded only when a figure is exported.
 */
type TexToSvg = (tex: string, fontSize: number) => { svg: string; width: number; height: number; depth: number };

let converter: Promise<TexToSvg> | undefined;

export function loadTexToSvg(): Promise<TexToSvg> {
  converter ??= (async () => {
    const [{ mathjax }, { TeX }, { SVG }, { liteAdaptor }, { RegisterHTMLHandler }] = await Promise.all([
      import("mathjax-full/js/mathjax.js"),
      import("mathjax-full/js/input/tex.js"),
      import("mathjax-full/js/output/svg.js"),
      import("mathjax-full/js/adaptors/liteAdaptor.js"),
      import("mathjax-full/js/handlers/html.js"),
      import("mathjax-full/js/input/tex/base/BaseConfiguration.js"),
      import("mathjax-full/js/input/tex/ams/AmsConfiguration.js"),
    ]);
    const adaptor = liteAdaptor();
    RegisterHTMLHandler(adaptor);
    const doc = mathjax.document("", {
      InputJax: new TeX({ packages: ["base", "ams"] }),
      OutputJax: new SVG({ fontCache: "none" }),
    });
    return (tex: string, fontSize: number) => {
      const container = doc.convert(tex, { display: false });
      const svgNode = adaptor.firstChild(container) as Parameters<typeof adaptor.outerHTML>[0];
      const ex = fontSize / 2; // MathJax's ex is half an em
      const num = (v: string | null) => Number.parseFloat(v ?? "0");
      const width = num(adaptor.getAttribute(svgNode, "width")) * ex;
      const height = num(adaptor.getAttribute(svgNode, "height")) * ex;
      const style = adaptor.getAttribute(svgNode, "style") ?? "";
      const depth = -num(/vertical-align:\s*(-?[\d.]+)ex/.exec(style)?.[1] ?? "0") * ex;
      adaptor.setAttribute(svgNode, "width", `${width}`);
      adaptor.setAttribute(svgNode, "height", `${height}`);
      adaptor.removeAttribute(svgNode, "style");
      return { svg: adaptor.outerHTML(svgNode), width, height, depth };
    };
  })();
  return converter;
}
