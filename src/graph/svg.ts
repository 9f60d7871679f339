/**
 * The topology as an SVG picture, drawn by Graphviz (WASM) from the DOT view.
 */
import { DOT_FONT, toDot } from './dot';
import { dotToSvg, dotToSvgSync } from './graphviz';
import { Topology } from './types';

/** Fonts with DejaVu Sans's width or narrower, ending in the generic family. */
const FONT_FALLBACKS = `${DOT_FONT},Verdana,Helvetica,Arial,sans-serif`;

/**
 * Graphviz writes `font-family="DejaVu Sans"` alone; a viewer without that font would fall back
 * to its default, often a serif. Listing sans fallbacks keeps the picture as laid out.
 */
export function withFontFallbacks(svg: string): string {
  return svg.split(`font-family="${DOT_FONT}"`).join(`font-family="${FONT_FALLBACKS}"`);
}

/** Renders the topology to an SVG document (`<?xml …?><svg …>`). */
export async function renderSvg(topology: Topology): Promise<string> {
  return withFontFallbacks(await dotToSvg(toDot(topology)));
}

/** Same as `renderSvg`, blocking until done: for synchronous callers such as `cdk8s synth`. */
export function renderSvgSync(topology: Topology): string {
  return withFontFallbacks(dotToSvgSync(toDot(topology)));
}
