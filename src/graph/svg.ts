/**
 * The topology as an SVG picture, drawn by Graphviz (WASM) from the DOT view.
 */
import { toDot } from './dot';
import { dotToSvg, dotToSvgSync } from './graphviz';
import { Topology } from './types';

/** Renders the topology to an SVG document (`<?xml …?><svg …>`). */
export function renderSvg(topology: Topology): Promise<string> {
  return dotToSvg(toDot(topology));
}

/** Same as `renderSvg`, blocking until done: for synchronous callers such as `cdk8s synth`. */
export function renderSvgSync(topology: Topology): string {
  return dotToSvgSync(toDot(topology));
}
