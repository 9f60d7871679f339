/**
 * What the user wrote behind a derived VirtualService rule: the Gateway API route and its rule
 * index, so hops and traces name `HTTPRoute ns/name rules[i]` rather than istiod's internal
 * objects.
 */
import { createMatch } from '../gateway-api/filters';
import { MeshModel } from '../model/mesh-model';
import { Resource } from '../model/resource';
import { GATEWAY_API_GROUP } from './routing-config';

export interface RouteOrigin {
  /** `HTTPRoute ns/name` or `TLSRoute ns/name`. */
  readonly route: string;
  /** Index in the route's `rules`, when known. */
  readonly ruleIndex?: number;
  /** The rule's own `name`, when it has one. */
  readonly ruleName?: string;
  /** Index in the rule's `matches` of the match this derived rule stands for (istiod splits a rule per match). */
  readonly matchIndex?: number;
  /** `ns/name` of the derived VirtualService. */
  readonly derived: string;
}

/** istiod: conversion.go convertHTTPRoute names an unnamed rule `<namespace>.<route>.<index>`. */
const AUTO_NAME = /^([^.]+)\.(.+)\.(\d+)$/;

/** The origin of `rule` of the derived VirtualService `vs`; undefined for a VirtualService the user wrote. */
export function routeOriginOf(model: MeshModel, vs: Resource, rule: any): RouteOrigin | undefined {
  const owner = vs.derivedFrom;
  if (!owner) return undefined;
  const derived = `${vs.namespace}/${vs.name}`;
  const name: string | undefined = typeof rule?.name === 'string' ? rule.name : undefined;
  const auto = name ? AUTO_NAME.exec(name) : null;
  if (auto) {
    // Rule names are SectionNames (no dots), so a dotted name is always istiod's own.
    const [, namespace, routeName, index] = auto;
    const written = model.getGroupKind(GATEWAY_API_GROUP, owner.kind, namespace, routeName);
    const kind = written ? owner.kind : 'HTTPRoute';
    const ruleIndex = Number(index);
    return { route: `${kind} ${namespace}/${routeName}`, ruleIndex, matchIndex: matchIndexOf(written?.spec?.rules?.[ruleIndex], rule), derived };
  }
  const rules: any[] = Array.isArray(owner.spec?.rules) ? owner.spec.rules : [];
  const index = name ? rules.findIndex((r) => r?.name === name) : -1;
  return {
    route: `${owner.kind} ${owner.namespace}/${owner.name}`, ruleIndex: index >= 0 ? index : undefined, ruleName: name,
    matchIndex: index >= 0 ? matchIndexOf(rules[index], rule) : undefined, derived,
  };
}

/**
 * Which of the written rule's `matches` a derived rule came from: the one whose istiod form
 * (conversion.go createURIMatch & co.) equals the derived rule's single match, the mesh port
 * (augmentPortMatch) aside. A rule without `matches` has the CRD's default one.
 */
function matchIndexOf(written: any, derivedRule: any): number | undefined {
  if (!written) return undefined;
  const matches: any[] = Array.isArray(written.matches) && written.matches.length > 0 ? written.matches : [{ path: { type: 'PathPrefix', value: '/' } }];
  if (matches.length === 1) return 0;
  const derivedMatch = Array.isArray(derivedRule?.match) ? derivedRule.match[0] : undefined;
  if (!derivedMatch) return undefined;
  const { port: _port, ...wanted } = derivedMatch;
  const key = canonical(wanted);
  const found = matches.findIndex((m) => canonical(createMatch(m)) === key);
  return found >= 0 ? found : undefined;
}

/** JSON with sorted keys, to compare match objects whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as any)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The origin of a whole derived VirtualService (no rule matched), for the hop that consulted it. */
export function virtualServiceOrigin(vs: Resource | undefined): RouteOrigin | undefined {
  const owner = vs?.derivedFrom;
  if (!vs || !owner) return undefined;
  return { route: `${owner.kind} ${owner.namespace}/${owner.name}`, derived: `${vs.namespace}/${vs.name}` };
}

/** How messages name a VirtualService: the Gateway API route for a derived one. */
export function describeRoutes(vs: Resource): string {
  const owner = vs.derivedFrom;
  return owner ? `${owner.kind} ${owner.namespace}/${owner.name}` : `VirtualService ${vs.namespace}/${vs.name}`;
}
