/** SVG → PNG with resvg, the one rasteriser of the figure command and the build's prerender threads. */
import { Resvg } from "@resvg/resvg-js";

export function svgToPng(svg: string, scale: number): Buffer {
  return new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    font: { loadSystemFonts: true },
    background: "#ffffff",
  })
    .render()
    .asPng();
}
