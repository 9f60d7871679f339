/**
 * A trace as text a person reads in a terminal or a failed test: the request, one line per hop,
 * the outcome, and one line per destination with its percentage.
 */
import { isGatewaySource } from './request';
import { describeOperations } from './route-headers';
import { Denial, ExplainedDestination, Explanation, Hop, TlsHandling } from './types';

export function formatExplanation(result: Explanation): string {
  const r = result.request;
  const from = isGatewaySource(r.from)
    ? `gateway ${r.from.gateway}`
    : `workload in ${r.from.namespace}${r.from.labels && Object.keys(r.from.labels).length > 0 ? ` {${labels(r.from.labels)}}` : ''}`;
  const lines: string[] = [`${r.method} ${r.scheme}://${r.authority}${r.originalPath} on port ${r.port} from ${from}`];
  if (r.path !== r.originalPath) lines.push(`  path normalizes to ${r.path}`);
  if (r.host !== r.authority && !r.authority.startsWith(`${r.host}:`)) lines.push(`  host resolves to ${r.host}`);
  result.hops.forEach((hop, i) => lines.push(...formatHop(hop, i + 1)));
  lines.push(`outcome: ${result.outcome}${result.status !== undefined ? ` ${result.status}` : ''}${result.location ? ` → ${result.location}` : ''}${result.body !== undefined ? ` body ${JSON.stringify(result.body)}` : ''}`);
  if (result.denial) lines.push(`refused by ${formatDenial(result.denial)}`);
  for (const d of result.destinations) lines.push(formatDestination(d));
  return lines.join('\n');
}

function formatHop(hop: Hop, n: number): string[] {
  const parts: string[] = [`hop ${n}: ${hop.proxy} ${hop.at} :${hop.port} host ${hop.host}`];
  if (hop.gateway) parts.push(hop.listener !== undefined ? `Gateway ${hop.gateway} (gateway.networking.k8s.io) ${hop.server}` : `Gateway ${hop.gateway} server ${hop.server}`);
  if (hop.virtualHost) parts.push(`virtual host ${hop.virtualHost}`);
  if (hop.virtualService) {
    const rule = hop.ruleIndex !== undefined ? ` http[${hop.ruleIndex}]${hop.ruleName ? ` "${hop.ruleName}"` : ''}${hop.matchIndex !== undefined ? ` match[${hop.matchIndex}]` : hop.ruleIndex !== undefined && !hop.delegate ? ' (no match: all requests)' : ''}` : '';
    parts.push(`VirtualService ${hop.virtualService}${rule}`);
    if (hop.delegate) parts.push(`delegate ${hop.delegate} http[${hop.delegateRuleIndex}]${hop.delegateMatchIndex !== undefined ? ` match[${hop.delegateMatchIndex}]` : ''}`);
  }
  if (hop.route) {
    const rule = hop.ruleIndex !== undefined ? ` rules[${hop.ruleIndex}]${hop.matchIndex !== undefined ? `.matches[${hop.matchIndex}]` : ''}` : '';
    parts.push(`${hop.route}${rule}${hop.ruleName ? ` "${hop.ruleName}"` : ''}`);
  }
  if (hop.destinationRules) parts.push(`DestinationRule ${hop.destinationRules.join(', ')}`);
  if (hop.timeout) parts.push(`timeout ${hop.timeout}`);
  if (hop.retries) parts.push(`retries ${JSON.stringify(hop.retries)}`);
  if (hop.fault?.abort) parts.push(`fault abort ${hop.fault.abort.status} (${hop.fault.abort.percent}%)`);
  if (hop.fault?.delay) parts.push(`fault delay ${hop.fault.delay.fixedDelay} (${hop.fault.delay.percent}%)`);
  if (hop.mirror) parts.push(`mirror ${hop.mirror}`);
  if (hop.tls) parts.push(formatTls(hop.tls));
  const lines = [parts.join(' · ')];
  if (hop.requestHeaders) lines.push(`    request headers: ${describeOperations(hop.requestHeaders)}`);
  if (hop.responseHeaders) lines.push(`    response headers: ${describeOperations(hop.responseHeaders)}`);
  for (const note of hop.notes) lines.push(`    note: ${note}`);
  return lines;
}

function formatDestination(d: ExplainedDestination): string {
  const percent = `${(d.share * 100).toFixed(1)}%`.padStart(6);
  const target = d.host === '' ? '(invalid backendRef)' : `${d.host}${d.port !== undefined ? `:${d.port}` : ''}${d.subset ? ` subset ${d.subset}` : ''}`;
  const pods = d.registry === 'service-entry' && d.workloads.length === 0
    ? 'external (ServiceEntry)'
    : d.registry === 'none' ? 'not in registry' : `workloads ${d.workloads.length > 0 ? d.workloads.join(', ') : '(none)'}`;
  const answered = d.status !== undefined ? ` · ANSWERED ${d.status} by the proxy` : '';
  const refused = d.denial ? ` · REFUSED (${d.denial.policy}${d.denial.rule !== undefined ? ` rules[${d.denial.rule}]` : ''})` : '';
  const line = `  ${percent} → ${target} · ${pods} · path ${d.path} · authority ${d.authority}${d.tls ? ` · ${formatTls(d.tls)}` : ''}${answered}${refused}`;
  const extra: string[] = [];
  if (d.requestHeaders) extra.push(`request headers: ${describeOperations(d.requestHeaders)}`);
  if (d.responseHeaders) extra.push(`response headers: ${describeOperations(d.responseHeaders)}`);
  if (d.headers) extra.push(`receives headers ${Object.entries(d.headers).map(([k, v]) => `${k}: ${v}`).join('; ') || '(none)'}`);
  const lines = [...extra.map((e) => `         ${e}`), ...d.notes.map((n) => `         note: ${n}`)];
  return lines.length > 0 ? `${line}\n${lines.join('\n')}` : line;
}

function formatTls(tls: TlsHandling): string {
  const details = [tls.sni ? `SNI ${tls.sni}` : undefined, tls.caCertificates ? `CA ${tls.caCertificates}` : undefined, tls.client ? `caller: ${tls.client}` : undefined]
    .filter((x) => x !== undefined);
  return `TLS ${tls.action} ${tls.mode}${tls.to ? ` to ${tls.to}` : ''}${details.length > 0 ? ` (${details.join('; ')})` : ''} by ${tls.source}`;
}

function formatDenial(denial: Denial): string {
  return `${denial.policy}${denial.rule !== undefined ? ` rules[${denial.rule}]` : ''} at ${denial.at}: ${denial.reason}`;
}

function labels(map: Readonly<Record<string, string>>): string {
  return Object.entries(map).map(([k, v]) => `${k}=${v}`).join(',');
}

/** The trace as plain JSON: the request's Maps become objects, so `JSON.stringify` loses nothing. */
export function explanationToJson(result: Explanation): object {
  const r = result.request;
  return {
    request: {
      from: r.from, host: r.host, authority: r.authority, port: r.port, method: r.method, scheme: r.scheme, path: r.originalPath,
      headers: Object.fromEntries(r.headers), queryParams: Object.fromEntries(r.queryParams),
      clientCertificate: r.clientCertificate ? true : undefined,
    },
    outcome: result.outcome,
    status: result.status,
    normalizedPath: result.normalizedPath,
    location: result.location,
    body: result.body,
    denial: result.denial,
    destinations: result.destinations,
    hops: result.hops,
  };
}
