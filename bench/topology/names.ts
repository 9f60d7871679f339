/** Names shared by every variant of the benchmark, so that all of them describe the same teams. */

/** `team-0007`: the chart id and the namespace of team 7 (zero-padded so files sort by team). */
export function teamName(index: number): string {
  return `team-${String(index).padStart(4, '0')}`;
}

export interface TeamNames {
  readonly namespace: string;
  readonly publicHost: string;
  readonly externalHost: string;
  readonly image: string;
}

export function teamNames(index: number): TeamNames {
  const name = teamName(index);
  return {
    namespace: name,
    publicHost: `${name}.example.com`,
    externalHost: `api.partner-${String(index).padStart(4, '0')}.example.net`,
    image: `registry.example.com/${name}/web`,
  };
}
