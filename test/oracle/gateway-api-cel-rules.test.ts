/**
 * Table-driven, in the shape of cel-rules.test.ts: for the CEL rules of the Gateway API v1.5.1
 * standard CRDs, a mutation of a valid object (gateway-api-fixtures.ts) that breaks exactly
 * that rule is rejected with exactly that rule's message (and, where the CRD also constrains
 * the value in its schema, that schema error); each has a near-miss twin the API server
 * accepts. The rules repeated per filter list (a rule's filters and a backendRef's filters)
 * (a rule's filters and a backendRef's filters, in HTTPRoute and GRPCRoute) are generated from
 * one table of filter types. A final check proves every reachable create
 * rule of the spec of Gateway, HTTPRoute, GRPCRoute, TLSRoute, BackendTLSPolicy and ListenerSet
 * was seen both passing and failing.
 *
 * The messages are the CRD's own (`message:` of each x-kubernetes-validations entry), as the
 * API server reports them.
 */
import { compiledRules, type CompiledRule } from '../../src/analysis/apiserver/cel-rules';
import { loadGatewayApiBundle } from '../../src/analysis/apiserver/installed-crds';
import { formatViolation, validateAgainstCrds, type Violation } from '../../src/analysis/apiserver/validate';
import { GATEWAY_API_VALID_OBJECTS } from './gateway-api-fixtures';
import { RuleCoverage } from './rule-stats';

interface Case {
  title: string;
  kind: string;
  mutate: (o: any) => void;
  /** [rule id suffix after `<Kind>/v1`, message] for every CEL violation expected. */
  expected: [string, string][];
  /** `path: message` prefixes of schema violations expected alongside. */
  schema?: string[];
  /** The schema error blocks CEL (type, enum, required, too long, too many): no rule runs. */
  blocks?: boolean;
}

interface Accepted {
  title: string;
  kind: string;
  mutate: (o: any) => void;
}

// --- filters: one table, two filter lists (HTTPRoute rule filters, backendRef filters) -------

/** A valid value for each HTTPRoute filter type's field. */
const FILTER_FIELDS: Record<string, [string, unknown]> = {
  CORS: ['cors', { allowOrigins: ['https://a.example.com'] }],
  RequestHeaderModifier: ['requestHeaderModifier', { set: [{ name: 'x-a', value: '1' }] }],
  ResponseHeaderModifier: ['responseHeaderModifier', { set: [{ name: 'x-b', value: '2' }] }],
  RequestMirror: ['requestMirror', { backendRef: { name: 'shadow', port: 80 } }],
  RequestRedirect: ['requestRedirect', { statusCode: 302 }],
  URLRewrite: ['urlRewrite', { hostname: 'b.example.com' }],
  ExtensionRef: ['extensionRef', { group: 'example.com', kind: 'Plugin', name: 'p' }],
};
const FILTER_ORDER = ['CORS', 'RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror', 'RequestRedirect', 'URLRewrite', 'ExtensionRef'];

const PATH_PREFIX = (value: string) => ({ path: { type: 'PathPrefix', value } });

function filterOf(type: string): any {
  const [field, value] = FILTER_FIELDS[type]!;
  return { type, [field]: structuredClone(value) };
}

interface FilterSite {
  at: string;
  set: (o: any, filters: any[]) => void;
}

/** A route kind's filter lists and the filter types its CRD allows, in the order of its rules. */
interface FilterKind {
  kind: string;
  sites: FilterSite[];
  types: string[];
  /** Types that may appear once per list, in the order of the "cannot be repeated" rules. */
  once: string[];
  /** Whether the CRD has HTTPRoute's extra list and filter rules (CORS lists, redirect/rewrite paths). */
  http: boolean;
}

const HTTP_FILTERS: FilterKind = {
  kind: 'HTTPRoute',
  sites: [
    // The redirect rule (no backendRefs, so a RequestRedirect is allowed), with one PathPrefix match.
    { at: '.spec.rules[].filters', set: (o, filters) => { o.spec.rules[1].filters = filters; o.spec.rules[1].matches = [PATH_PREFIX('/old')]; } },
    // A backendRef of the single-PathPrefix rule.
    { at: '.spec.rules[].backendRefs[].filters', set: (o, filters) => { o.spec.rules[0].backendRefs[0].filters = filters; } },
  ],
  types: FILTER_ORDER,
  once: ['CORS', 'RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect', 'URLRewrite'],
  http: true,
};

const GRPC_FILTERS: FilterKind = {
  kind: 'GRPCRoute',
  sites: [
    { at: '.spec.rules[].filters', set: (o, filters) => { o.spec.rules[0].filters = filters; } },
    { at: '.spec.rules[].backendRefs[].filters', set: (o, filters) => { o.spec.rules[0].backendRefs[0].filters = filters; } },
  ],
  types: ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror', 'ExtensionRef'],
  once: ['RequestHeaderModifier', 'ResponseHeaderModifier'],
  http: false,
};

function filterCases({ kind, sites, types, once, http }: FilterKind): { rejected: Case[]; accepted: Accepted[] } {
  const rejected: Case[] = [];
  const accepted: Accepted[] = [];
  for (const { at, set } of sites) {
    types.forEach((type, i) => {
      const [field, value] = FILTER_FIELDS[type]!;
      const other = type === 'RequestHeaderModifier' ? 'ResponseHeaderModifier' : 'RequestHeaderModifier';
      rejected.push({
        title: `${kind} ${at}[]: ${field} on a ${other} filter`, kind,
        mutate: (o) => set(o, [{ ...filterOf(other), [field]: structuredClone(value) }]),
        expected: [[`${at}[]#${2 * i}`, `filter.${field} must be nil if the filter.type is not ${type}`]],
      });
      rejected.push({
        title: `${kind} ${at}[]: ${type} filter without ${field}`, kind,
        mutate: (o) => set(o, [{ type }]),
        expected: [[`${at}[]#${2 * i + 1}`, `filter.${field} must be specified for ${type} filter.type`]],
      });
      accepted.push({ title: `${kind} ${at}[]: a ${type} filter with ${field}`, kind, mutate: (o) => set(o, [filterOf(type)]) });
    });
    const first = http ? 1 : 0;
    if (http) {
      rejected.push({
        title: `${kind} ${at}: RequestRedirect and URLRewrite together`, kind,
        mutate: (o) => set(o, [filterOf('RequestRedirect'), filterOf('URLRewrite')]),
        expected: [[`${at}#0`, 'May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both']],
      });
      accepted.push({ title: `${kind} ${at}: URLRewrite with header modifiers`, kind, mutate: (o) => set(o, [filterOf('URLRewrite'), filterOf('RequestHeaderModifier'), filterOf('ResponseHeaderModifier')]) });
    }
    once.forEach((type, i) => {
      rejected.push({
        title: `${kind} ${at}: ${type} twice`, kind,
        mutate: (o) => set(o, [filterOf(type), filterOf(type)]),
        expected: [[`${at}#${i + first}`, `${type} filter cannot be repeated`]],
      });
    });
    accepted.push({ title: `${kind} ${at}: RequestMirror twice (mirrors may repeat)`, kind, mutate: (o) => set(o, [filterOf('RequestMirror'), filterOf('RequestMirror')]) });
    const mirror = (m: object) => [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'shadow', port: 80 }, ...m } }];
    rejected.push({
      title: `${kind} ${at}[].requestMirror with percent and fraction`, kind,
      mutate: (o) => set(o, mirror({ percent: 10, fraction: { numerator: 1, denominator: 10 } })),
      expected: [[`${at}[].requestMirror#0`, 'Only one of percent or fraction may be specified in HTTPRequestMirrorFilter']],
    });
    rejected.push({
      title: `${kind} ${at}[].requestMirror.fraction above 1`, kind,
      mutate: (o) => set(o, mirror({ fraction: { numerator: 11, denominator: 10 } })),
      expected: [[`${at}[].requestMirror.fraction#0`, 'numerator must be less than or equal to denominator']],
    });
    accepted.push({ title: `${kind} ${at}[].requestMirror.fraction of 1`, kind, mutate: (o) => set(o, mirror({ fraction: { numerator: 10, denominator: 10 } })) });
    rejected.push({
      title: `${kind} ${at}[].requestMirror.backendRef to a Service without a port`, kind,
      mutate: (o) => set(o, [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'shadow' } } }]),
      expected: [[`${at}[].requestMirror.backendRef#0`, 'Must have port for Service reference']],
    });
    if (!http) continue;
    for (const [name, list, message] of [
      ['allowHeaders', ['*', 'x-token'], "AllowHeaders cannot contain '*' alongside other methods"],
      ['allowMethods', ['*', 'GET'], "AllowMethods cannot contain '*' alongside other methods"],
      ['allowOrigins', ['*', 'https://a.example.com'], "AllowOrigins cannot contain '*' alongside other origins"],
    ] as const) {
      rejected.push({
        title: `${kind} ${at}[].cors.${name} with '*' and more`, kind,
        mutate: (o) => set(o, [{ type: 'CORS', cors: { [name]: [...list] } }]),
        expected: [[`${at}[].cors.${name}#0`, message]],
      });
      accepted.push({ title: `${kind} ${at}[].cors.${name} '*' alone`, kind, mutate: (o) => set(o, [{ type: 'CORS', cors: { [name]: ['*'] } }]) });
    }
    for (const [filter, field] of [['RequestRedirect', 'requestRedirect'], ['URLRewrite', 'urlRewrite']] as const) {
      const withPath = (path: object) => [{ type: filter, [field]: { path } }];
      const p = `${at}[].${field}.path`;
      rejected.push({ title: `${p}: ReplaceFullPath without replaceFullPath`, kind, mutate: (o) => set(o, withPath({ type: 'ReplaceFullPath' })), expected: [[`${p}#0`, "replaceFullPath must be specified when type is set to 'ReplaceFullPath'"]] });
      rejected.push({ title: `${p}: replaceFullPath on a ReplacePrefixMatch`, kind, mutate: (o) => set(o, withPath({ type: 'ReplacePrefixMatch', replacePrefixMatch: '/', replaceFullPath: '/x' })), expected: [[`${p}#1`, "type must be 'ReplaceFullPath' when replaceFullPath is set"]] });
      rejected.push({ title: `${p}: ReplacePrefixMatch without replacePrefixMatch`, kind, mutate: (o) => set(o, withPath({ type: 'ReplacePrefixMatch' })), expected: [[`${p}#2`, "replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'"]] });
      rejected.push({ title: `${p}: replacePrefixMatch on a ReplaceFullPath`, kind, mutate: (o) => set(o, withPath({ type: 'ReplaceFullPath', replaceFullPath: '/x', replacePrefixMatch: '/' })), expected: [[`${p}#3`, "type must be 'ReplacePrefixMatch' when replacePrefixMatch is set"]] });
      accepted.push({ title: `${p}: ReplaceFullPath /x`, kind, mutate: (o) => set(o, withPath({ type: 'ReplaceFullPath', replaceFullPath: '/x' })) });
      accepted.push({ title: `${p}: ReplacePrefixMatch / on one PathPrefix match`, kind, mutate: (o) => set(o, withPath({ type: 'ReplacePrefixMatch', replacePrefixMatch: '/' })) });
    }
  }
  return { rejected, accepted };
}

// --- HTTPRoute: rules, matches, backendRefs, timeouts -----------------------------------------

const REWRITE_PREFIX = { type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } };
const REDIRECT_PREFIX = { type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } };

/** A route of `n` rules of 64 matches each (the per-rule maximum). */
function manyMatches(o: any, rules: number): void {
  o.spec.rules = Array.from({ length: rules }, (_, r) => ({
    matches: Array.from({ length: 64 }, (_, m) => PATH_PREFIX(`/r${r}/m${m}`)),
    backendRefs: [{ name: 'reviews', port: 9080 }],
  }));
}

const PATH_VALUE_CASES: [string, number, string][] = [
  ['api', 0, "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']"],
  ['/a//b', 1, "must not contain '//' when type one of ['Exact', 'PathPrefix']"],
  ['/a/./b', 2, "must not contain '/./' when type one of ['Exact', 'PathPrefix']"],
  ['/a/../b', 3, "must not contain '/../' when type one of ['Exact', 'PathPrefix']"],
  ['/a%2fb', 4, "must not contain '%2f' when type one of ['Exact', 'PathPrefix']"],
  ['/a%2Fb', 5, "must not contain '%2F' when type one of ['Exact', 'PathPrefix']"],
  ['/a/..', 7, "must not end with '/..' when type one of ['Exact', 'PathPrefix']"],
  ['/a/.', 8, "must not end with '/.' when type one of ['Exact', 'PathPrefix']"],
  ['/a b', 10, "must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types ['Exact', 'PathPrefix']"],
];
const VALID_CHARS = PATH_VALUE_CASES[8]![2];

const HTTP_ROUTE_CASES: Case[] = [
  ...PATH_VALUE_CASES.map(([value, i, message]): Case => ({
    title: `path ${JSON.stringify(value)}`, kind: 'HTTPRoute',
    mutate: (o) => { o.spec.rules[1].matches[0].path.value = value; },
    expected: [[`.spec.rules[].matches[].path#${i}`, message]],
  })),
  {
    title: 'path with # (also not a valid character)', kind: 'HTTPRoute',
    mutate: (o) => { o.spec.rules[1].matches[0].path.value = '/a#b'; },
    expected: [['.spec.rules[].matches[].path#6', "must not contain '#' when type one of ['Exact', 'PathPrefix']"], ['.spec.rules[].matches[].path#10', VALID_CHARS]],
  },
  {
    title: 'URLRewrite ReplacePrefixMatch with two PathPrefix matches', kind: 'HTTPRoute',
    mutate: (o) => { o.spec.rules[0].matches.push(PATH_PREFIX('/v2')); },
    expected: [['.spec.rules[]#2', 'When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified']],
  },
  {
    title: 'URLRewrite ReplacePrefixMatch on an Exact match', kind: 'HTTPRoute',
    mutate: (o) => { o.spec.rules[0].matches[0].path.type = 'Exact'; },
    expected: [['.spec.rules[]#2', 'When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified']],
  },
  {
    title: 'URLRewrite ReplacePrefixMatch with no match (defaulted to PathPrefix /) is allowed... as one match', kind: 'HTTPRoute',
    mutate: (o) => { o.spec.rules[0].matches = [PATH_PREFIX('/a'), { headers: [{ name: 'x', value: 'y' }] }]; },
    expected: [['.spec.rules[]#2', 'When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified']],
  },
  {
    title: 'RequestRedirect ReplacePrefixMatch on an Exact match', kind: 'HTTPRoute',
    mutate: (o) => { o.spec.rules[1].filters = [REDIRECT_PREFIX]; },
    expected: [['.spec.rules[]#1', 'When using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified']],
  },
  {
    title: 'backendRef RequestRedirect ReplacePrefixMatch on a RegularExpression match', kind: 'HTTPRoute',
    mutate: (o) => { o.spec.rules[2].backendRefs[0].filters = [REDIRECT_PREFIX]; },
    expected: [['.spec.rules[]#3', 'Within backendRefs, when using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified']],
  },
  {
    title: 'backendRef URLRewrite ReplacePrefixMatch on a RegularExpression match', kind: 'HTTPRoute',
    mutate: (o) => { o.spec.rules[2].backendRefs[0].filters = [REWRITE_PREFIX]; },
    expected: [['.spec.rules[]#4', 'Within backendRefs, When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified']],
  },
  {
    title: 'RequestRedirect with backendRefs', kind: 'HTTPRoute',
    mutate: (o) => { o.spec.rules[1].backendRefs = [{ name: 'reviews', port: 9080 }]; },
    expected: [['.spec.rules[]#0', 'RequestRedirect filter must not be used together with backendRefs']],
  },
  {
    title: 'backendRef to a Service without a port', kind: 'HTTPRoute',
    mutate: (o) => { delete o.spec.rules[0].backendRefs[0].port; },
    expected: [['.spec.rules[].backendRefs[]#0', 'Must have port for Service reference']],
  },
  {
    title: 'backendRef to a core Service spelt out, without a port', kind: 'HTTPRoute',
    mutate: (o) => { o.spec.rules[0].backendRefs[0] = { group: '', kind: 'Service', name: 'reviews-v1' }; },
    expected: [['.spec.rules[].backendRefs[]#0', 'Must have port for Service reference']],
  },
  {
    title: 'backendRequest timeout longer than request timeout', kind: 'HTTPRoute',
    mutate: (o) => { o.spec.rules[0].timeouts = { request: '10s', backendRequest: '20s' }; },
    expected: [['.spec.rules[].timeouts#0', 'backendRequest timeout cannot be longer than request timeout']],
  },
  {
    title: 'three rules of 64 matches (192 > 128 in total)', kind: 'HTTPRoute',
    mutate: (o) => manyMatches(o, 3),
    expected: [['.spec.rules#0', 'While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128']],
  },
  {
    title: 'two parentRefs to one Gateway, one without sectionName', kind: 'HTTPRoute',
    mutate: (o) => { o.spec.parentRefs.push({ name: 'team-a-gateway', namespace: 'team-a' }); },
    expected: [['.spec.parentRefs#0', 'sectionName must be specified when parentRefs includes 2 or more references to the same parent']],
  },
  {
    title: 'two parentRefs to one listener', kind: 'HTTPRoute',
    mutate: (o) => { o.spec.parentRefs.push({ name: 'team-a-gateway', namespace: 'team-a', sectionName: 'http' }); },
    expected: [['.spec.parentRefs#1', 'sectionName must be unique when parentRefs includes 2 or more references to the same parent']],
  },
  {
    title: 'parentRef namespace omitted on one, spelt out on the other, same sectionName: distinct parents for the rule', kind: 'HTTPRoute',
    mutate: (o) => { o.spec.parentRefs = [{ name: 'gw', sectionName: 'http' }, { name: 'gw', namespace: 'team-a', sectionName: 'http' }, { name: 'gw', sectionName: 'http' }]; },
    expected: [['.spec.parentRefs#1', 'sectionName must be unique when parentRefs includes 2 or more references to the same parent']],
  },
  // Schema constraints of the same objects (CIT110 in check): CEL still runs, as these do not block it.
  {
    title: 'header name with a space (schema pattern)', kind: 'HTTPRoute',
    mutate: (o) => { o.spec.rules[0].matches[0].headers[0].name = 'x canary'; },
    expected: [], schema: ['spec.rules[0].matches[0].headers[0].name: Invalid value: must match pattern'],
  },
  {
    title: 'weight above 1,000,000 (schema maximum)', kind: 'HTTPRoute',
    mutate: (o) => { o.spec.rules[0].backendRefs[0].weight = 1_000_001; },
    expected: [], schema: ['spec.rules[0].backendRefs[0].weight: Invalid value: must be <= 1000000'],
  },
  {
    title: 'negative weight (schema minimum)', kind: 'HTTPRoute',
    mutate: (o) => { o.spec.rules[0].backendRefs[0].weight = -1; },
    expected: [], schema: ['spec.rules[0].backendRefs[0].weight: Invalid value: must be >= 0'],
  },
];

const HTTP_ROUTE_ACCEPTED: Accepted[] = [
  { title: 'path /a/b.c/..d (dots inside segments)', kind: 'HTTPRoute', mutate: (o) => { o.spec.rules[1].matches[0].path.value = '/a/b.c/..d'; } },
  { title: 'path %2e%41 escapes other than %2f', kind: 'HTTPRoute', mutate: (o) => { o.spec.rules[1].matches[0].path.value = '/a%2eb%41'; } },
  { title: 'RegularExpression path value without a leading /', kind: 'HTTPRoute', mutate: (o) => { o.spec.rules[2].matches[0].path.value = '.*/a//b#'; } },
  { title: 'URLRewrite ReplacePrefixMatch with exactly one PathPrefix match', kind: 'HTTPRoute', mutate: () => undefined },
  { title: 'URLRewrite ReplacePrefixMatch with no matches (defaulted to PathPrefix /)', kind: 'HTTPRoute', mutate: (o) => { delete o.spec.rules[0].matches; } },
  { title: 'RequestRedirect ReplacePrefixMatch on one PathPrefix match', kind: 'HTTPRoute', mutate: (o) => { o.spec.rules[1].filters = [REDIRECT_PREFIX]; o.spec.rules[1].matches = [PATH_PREFIX('/old')]; } },
  { title: 'backendRef URLRewrite ReplacePrefixMatch on one PathPrefix match', kind: 'HTTPRoute', mutate: (o) => { o.spec.rules[0].backendRefs[0].filters = [REWRITE_PREFIX]; } },
  { title: 'RequestRedirect without backendRefs', kind: 'HTTPRoute', mutate: () => undefined },
  { title: 'backendRef to a ServiceImport without a port', kind: 'HTTPRoute', mutate: (o) => { o.spec.rules[0].backendRefs[0] = { group: 'multicluster.x-k8s.io', kind: 'ServiceImport', name: 'reviews' }; } },
  { title: 'backendRequest timeout equal to request timeout', kind: 'HTTPRoute', mutate: (o) => { o.spec.rules[0].timeouts = { request: '10s', backendRequest: '10s' }; } },
  { title: 'backendRequest timeout with request timeout 0s (disabled)', kind: 'HTTPRoute', mutate: (o) => { o.spec.rules[0].timeouts = { request: '0s', backendRequest: '20s' }; } },
  { title: 'two rules of 64 matches (128 in total)', kind: 'HTTPRoute', mutate: (o) => manyMatches(o, 2) },
  { title: 'two parentRefs to one Gateway, distinct sectionNames', kind: 'HTTPRoute', mutate: () => undefined },
  { title: 'parentRefs to two Gateways without sectionName', kind: 'HTTPRoute', mutate: (o) => { o.spec.parentRefs = [{ name: 'a' }, { name: 'b' }]; } },
  { title: 'weights 0 and 1,000,000', kind: 'HTTPRoute', mutate: (o) => { o.spec.rules[0].backendRefs[0].weight = 0; o.spec.rules[0].backendRefs[1].weight = 1_000_000; } },
  { title: "header name with RFC 7230 token characters (x-b3_id.1!#$%&'*+^`|~)", kind: 'HTTPRoute', mutate: (o) => { o.spec.rules[0].matches[0].headers[0].name = "x-b3_id.1!#$%&'*+^`|~"; } },
  { title: 'v1beta1 HTTPRoute', kind: 'HTTPRoute', mutate: (o) => { o.apiVersion = 'gateway.networking.k8s.io/v1beta1'; } },
];

// --- Gateway and ListenerSet ------------------------------------------------------------------

const NO_CERTIFICATE_REFS_ERROR = (field: string) => `no such key: ${field} evaluating rule: certificateRefs or options must be specified when mode is Terminate`;
const NO_CERTIFICATE_REFS = NO_CERTIFICATE_REFS_ERROR('certificateRefs');

function listenerCases(kind: 'Gateway' | 'ListenerSet'): { rejected: Case[]; accepted: Accepted[] } {
  const https = (o: any) => o.spec.listeners.find((l: any) => l.protocol === 'HTTPS');
  const http = (o: any) => o.spec.listeners.find((l: any) => l.protocol === 'HTTP');
  const rejected: Case[] = [
    { title: `${kind}: tls on an HTTP listener`, kind, mutate: (o) => { http(o).tls = structuredClone(https(o).tls); }, expected: [['.spec.listeners#0', "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']"]] },
    { title: `${kind}: Passthrough on an HTTPS listener`, kind, mutate: (o) => { https(o).tls = { mode: 'Passthrough' }; }, expected: [['.spec.listeners#1', 'tls mode must be Terminate for protocol HTTPS']] },
    { title: `${kind}: a TLS listener without tls`, kind, mutate: (o) => { o.spec.listeners.push({ name: 'tls-x', port: 9443, protocol: 'TLS', hostname: 'x.example.com' }); }, expected: [['.spec.listeners#2', 'tls mode must be set for protocol TLS']] },
    { title: `${kind}: a TCP listener with a hostname`, kind, mutate: (o) => { o.spec.listeners.push({ name: 'tcp', port: 9000, protocol: 'TCP', hostname: 'x.example.com' }); }, expected: [['.spec.listeners#3', "hostname must not be specified for protocols ['TCP', 'UDP']"]] },
    {
      title: `${kind}: two listeners named alike`, kind, mutate: (o) => { https(o).name = http(o).name; },
      expected: [['.spec.listeners#4', 'Listener name must be unique within the Gateway']], schema: ['spec.listeners[1]: Duplicate value'],
    },
    { title: `${kind}: two listeners on one port, protocol and hostname`, kind, mutate: (o) => { o.spec.listeners.push({ ...http(o), name: 'http-2' }); }, expected: [['.spec.listeners#5', 'Combination of port, protocol and hostname must be unique for each listener']] },
    // Both fields absent: size() of an absent field is an evaluation error, as in the API server.
    { title: `${kind}: an HTTPS listener without certificateRefs`, kind, mutate: (o) => { https(o).tls = { mode: 'Terminate' }; }, expected: [['.spec.listeners[].tls#0', NO_CERTIFICATE_REFS]] },
    { title: `${kind}: an HTTPS listener with tls: {} (mode defaults to Terminate)`, kind, mutate: (o) => { https(o).tls = {}; }, expected: [['.spec.listeners[].tls#0', NO_CERTIFICATE_REFS]] },
    { title: `${kind}: an HTTPS listener with empty certificateRefs`, kind, mutate: (o) => { https(o).tls = { certificateRefs: [] }; }, expected: [['.spec.listeners[].tls#0', NO_CERTIFICATE_REFS_ERROR('options')]] },
  ];
  const accepted: Accepted[] = [
    { title: `${kind}: an HTTPS listener whose tls mode is left to its default (Terminate)`, kind, mutate: (o) => { delete https(o).tls.mode; } },
    { title: `${kind}: a TLS listener with a hostname and mode Passthrough`, kind, mutate: (o) => { o.spec.listeners.push({ name: 'tls-x', port: 9443, protocol: 'TLS', hostname: 'x.example.com', tls: { mode: 'Passthrough' } }); } },
    { title: `${kind}: a TCP listener without a hostname`, kind, mutate: (o) => { o.spec.listeners.push({ name: 'tcp', port: 9000, protocol: 'TCP' }); } },
    { title: `${kind}: one port and protocol for two hostnames`, kind, mutate: (o) => { o.spec.listeners.push({ ...http(o), name: 'http-2', hostname: 'other.example.com' }); } },
    { title: `${kind}: an HTTPS listener with tls options only`, kind, mutate: (o) => { https(o).tls = { options: { 'example.com/cipher': 'x' } }; } },
  ];
  return { rejected, accepted };
}

const GATEWAY_CASES: Case[] = [
  { title: 'Gateway: one IPAddress twice', kind: 'Gateway', mutate: (o) => { o.spec.addresses.push({ type: 'IPAddress', value: '10.0.0.1' }); }, expected: [['.spec.addresses#0', 'IPAddress values must be unique']] },
  { title: 'Gateway: one IPAddress twice, type left to its default', kind: 'Gateway', mutate: (o) => { o.spec.addresses.push({ value: '10.0.0.1' }); }, expected: [['.spec.addresses#0', 'IPAddress values must be unique']] },
  { title: 'Gateway: one Hostname address twice', kind: 'Gateway', mutate: (o) => { o.spec.addresses.push({ type: 'Hostname', value: 'lb.example.com' }); }, expected: [['.spec.addresses#1', 'Hostname values must be unique']] },
  {
    title: 'Gateway: Hostname address in capitals', kind: 'Gateway', mutate: (o) => { o.spec.addresses[1].value = 'LB.example.com'; },
    expected: [['.spec.addresses[]#0', 'Hostname value must be empty or contain only valid characters (matching ^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)']],
  },
  {
    title: 'Gateway: infrastructure annotation key with a space', kind: 'Gateway', mutate: (o) => { o.spec.infrastructure.annotations = { 'bad key': 'x' }; },
    expected: [['.spec.infrastructure.annotations#0', 'Annotation keys must be in the form of an optional DNS subdomain prefix followed by a required name segment of up to 63 characters.']],
  },
  {
    title: 'Gateway: infrastructure annotation key prefix of 253 characters', kind: 'Gateway', mutate: (o) => { o.spec.infrastructure.annotations = { [`${'a'.repeat(253)}/x`]: 'x' }; },
    expected: [['.spec.infrastructure.annotations#1', "If specified, the annotation key's prefix must be a DNS subdomain not longer than 253 characters in total."]],
  },
  {
    title: 'Gateway: infrastructure label key ending in a dash', kind: 'Gateway', mutate: (o) => { o.spec.infrastructure.labels = { 'tier-': 'edge' }; },
    expected: [['.spec.infrastructure.labels#0', 'Label keys must be in the form of an optional DNS subdomain prefix followed by a required name segment of up to 63 characters.']],
  },
  {
    title: 'Gateway: infrastructure label key prefix of 253 characters', kind: 'Gateway', mutate: (o) => { o.spec.infrastructure.labels = { [`${'a'.repeat(253)}/x`]: 'x' }; },
    expected: [['.spec.infrastructure.labels#1', "If specified, the label key's prefix must be a DNS subdomain not longer than 253 characters in total."]],
  },
  {
    title: 'Gateway: frontend TLS validation twice for one port', kind: 'Gateway',
    mutate: (o) => {
      const perPort = { port: 443, tls: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca' }] } } };
      o.spec.tls = { frontend: { default: structuredClone(perPort.tls), perPort: [perPort, structuredClone(perPort)] } };
    },
    expected: [['.spec.tls.frontend.perPort#0', 'Port for TLS configuration must be unique within the Gateway']],
    schema: ['spec.tls.frontend.perPort[1]: Duplicate value'],
  },
  {
    title: 'Gateway: IPAddress that is not an IP (oneOf of the ipv4/ipv6 formats)', kind: 'Gateway', mutate: (o) => { o.spec.addresses[0].value = '10.0.0.256'; },
    expected: [], schema: ['spec.addresses[0]: Invalid value: must match exactly one schema in oneOf'],
  },
  {
    title: 'Gateway: allowedRoutes kind with a space (schema pattern)', kind: 'Gateway', mutate: (o) => { o.spec.listeners[1].allowedRoutes.kinds[0].kind = 'HTTP Route'; },
    expected: [], schema: ['spec.listeners[1].allowedRoutes.kinds[0].kind: Invalid value: must match pattern'],
  },
  {
    title: 'Gateway: allowedRoutes from Everywhere (schema enum)', kind: 'Gateway', mutate: (o) => { o.spec.listeners[0].allowedRoutes.namespaces.from = 'Everywhere'; },
    expected: [], schema: ['spec.listeners[0].allowedRoutes.namespaces.from: Unsupported value: supported values: "All", "Selector", "Same"'], blocks: true,
  },
];

const GATEWAY_ACCEPTED: Accepted[] = [
  { title: 'Gateway: two distinct IPAddresses, IPv4 and IPv6', kind: 'Gateway', mutate: (o) => { o.spec.addresses.push({ value: '2001:db8::1' }); } },
  { title: 'Gateway: a Hostname and an IPAddress with one text', kind: 'Gateway', mutate: (o) => { o.spec.addresses = [{ type: 'Hostname', value: 'lb.example.com' }, { type: 'NamedAddress', value: 'lb.example.com' }]; } },
  { title: 'Gateway: a Hostname address without a value', kind: 'Gateway', mutate: (o) => { o.spec.addresses[1] = { type: 'Hostname' }; } },
  { title: 'Gateway: infrastructure annotation with a DNS prefix', kind: 'Gateway', mutate: (o) => { o.spec.infrastructure.annotations = { [`${'a'.repeat(252)}/x`]: 'x' }; } },
  { title: 'Gateway: frontend TLS validation for two ports', kind: 'Gateway', mutate: (o) => { o.spec.tls = { frontend: { default: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca' }] } }, perPort: [443, 8443].map((port) => ({ port, tls: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca' }] } } })) } }; } },
  { title: 'Gateway: allowedRoutes kinds HTTPRoute and GRPCRoute, group left to its default', kind: 'Gateway', mutate: (o) => { o.spec.listeners[1].allowedRoutes.kinds = [{ kind: 'HTTPRoute' }, { kind: 'GRPCRoute' }]; } },
  { title: 'Gateway: v1beta1', kind: 'Gateway', mutate: (o) => { o.apiVersion = 'gateway.networking.k8s.io/v1beta1'; } },
];

// --- TLSRoute, GRPCRoute, BackendTLSPolicy, ReferenceGrant ------------------------------------

const OTHER_CASES: Case[] = [
  { title: 'TLSRoute: an IP as hostname', kind: 'TLSRoute', mutate: (o) => { o.spec.hostnames.push('10.0.0.1'); }, expected: [['.spec.hostnames#0', 'Hostnames cannot contain an IP']] },
  {
    title: 'TLSRoute: a hostname in capitals', kind: 'TLSRoute', mutate: (o) => { o.spec.hostnames[0] = 'DB.tls.example.com'; },
    expected: [['.spec.hostnames#1', 'Hostnames must be valid based on RFC-1123']], schema: ['spec.hostnames[0]: Invalid value: must match pattern'],
  },
  {
    title: 'TLSRoute: a wildcard in a middle label', kind: 'TLSRoute', mutate: (o) => { o.spec.hostnames[1] = 'db.*.example.com'; },
    expected: [['.spec.hostnames#2', 'Wildcards on hostnames must be the first label, and the rest of hostname must be valid based on RFC-1123']], schema: ['spec.hostnames[1]: Invalid value: must match pattern'],
  },
  { title: 'TLSRoute: a backendRef to a Service without a port', kind: 'TLSRoute', mutate: (o) => { delete o.spec.rules[0].backendRefs[0].port; }, expected: [['.spec.rules[].backendRefs[]#0', 'Must have port for Service reference']] },
  { title: 'TLSRoute: two parentRefs to one Gateway, one without sectionName', kind: 'TLSRoute', mutate: (o) => { o.spec.parentRefs.push({ name: 'team-a-gateway' }); }, expected: [['.spec.parentRefs#0', 'sectionName must be specified when parentRefs includes 2 or more references to the same parent']] },
  { title: 'TLSRoute: two parentRefs to one listener', kind: 'TLSRoute', mutate: (o) => { o.spec.parentRefs.push({ name: 'team-a-gateway', sectionName: 'tls-passthrough' }); }, expected: [['.spec.parentRefs#1', 'sectionName must be unique when parentRefs includes 2 or more references to the same parent']] },
  { title: 'TLSRoute: two rules (v1 allows one)', kind: 'TLSRoute', mutate: (o) => { o.spec.rules.push(structuredClone(o.spec.rules[0])); }, expected: [], schema: ['spec.rules: Invalid value: must NOT have more than 1 items'], blocks: true },
  { title: 'TLSRoute: no hostnames (v1 requires one)', kind: 'TLSRoute', mutate: (o) => { delete o.spec.hostnames; }, expected: [], schema: ['spec.hostnames: Required value'], blocks: true },

  { title: 'GRPCRoute: a method match naming neither service nor method', kind: 'GRPCRoute', mutate: (o) => { o.spec.rules[0].matches[0].method = { type: 'Exact' }; }, expected: [['.spec.rules[].matches[].method#0', "One or both of 'service' or 'method' must be specified"]] },
  { title: 'GRPCRoute: a method match naming neither, type left to its default', kind: 'GRPCRoute', mutate: (o) => { o.spec.rules[0].matches[0].method = {}; }, expected: [['.spec.rules[].matches[].method#0', "One or both of 'service' or 'method' must be specified"]] },
  { title: 'GRPCRoute: a service with a dash', kind: 'GRPCRoute', mutate: (o) => { o.spec.rules[0].matches[0].method.service = 'ratings-v1.Ratings'; }, expected: [['.spec.rules[].matches[].method#1', 'service must only contain valid characters (matching ^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$)']] },
  { title: 'GRPCRoute: a method starting with a digit', kind: 'GRPCRoute', mutate: (o) => { o.spec.rules[0].matches[0].method.method = '1Get'; }, expected: [['.spec.rules[].matches[].method#2', 'method must only contain valid characters (matching ^[A-Za-z_][A-Za-z_0-9]*$)']] },
  { title: 'GRPCRoute: a backendRef to a Service without a port', kind: 'GRPCRoute', mutate: (o) => { delete o.spec.rules[0].backendRefs[0].port; }, expected: [['.spec.rules[].backendRefs[]#0', 'Must have port for Service reference']] },
  { title: 'GRPCRoute: two parentRefs to one Gateway, one without sectionName', kind: 'GRPCRoute', mutate: (o) => { o.spec.parentRefs.push({ name: 'team-a-gateway' }); }, expected: [['.spec.parentRefs#0', 'sectionName must be specified when parentRefs includes 2 or more references to the same parent']] },
  { title: 'GRPCRoute: two parentRefs to one listener', kind: 'GRPCRoute', mutate: (o) => { o.spec.parentRefs.push({ name: 'team-a-gateway', sectionName: 'https' }); }, expected: [['.spec.parentRefs#1', 'sectionName must be unique when parentRefs includes 2 or more references to the same parent']] },
  {
    title: 'GRPCRoute: three rules of 64 matches', kind: 'GRPCRoute',
    mutate: (o) => { o.spec.rules = [0, 1, 2].map(() => ({ matches: Array.from({ length: 64 }, (_, m) => ({ method: { service: 'a.B', method: `M${m}` } })) })); },
    expected: [['.spec.rules#0', 'While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128']],
  },

  { title: 'BackendTLSPolicy: both CA refs and well-known CAs', kind: 'BackendTLSPolicy', mutate: (o) => { o.spec.validation.wellKnownCACertificates = 'System'; }, expected: [['.spec.validation#0', 'must not contain both CACertificateRefs and WellKnownCACertificates']] },
  { title: 'BackendTLSPolicy: neither CA refs nor well-known CAs', kind: 'BackendTLSPolicy', mutate: (o) => { delete o.spec.validation.caCertificateRefs; }, expected: [['.spec.validation#1', 'must specify either CACertificateRefs or WellKnownCACertificates']] },
  { title: 'BackendTLSPolicy: a Hostname SAN without hostname', kind: 'BackendTLSPolicy', mutate: (o) => { o.spec.validation.subjectAltNames[0] = { type: 'Hostname' }; }, expected: [['.spec.validation.subjectAltNames[]#0', 'SubjectAltName element must contain Hostname, if Type is set to Hostname']] },
  { title: 'BackendTLSPolicy: a URI SAN with a hostname', kind: 'BackendTLSPolicy', mutate: (o) => { o.spec.validation.subjectAltNames[1].hostname = 'x.example.com'; }, expected: [['.spec.validation.subjectAltNames[]#1', 'SubjectAltName element must not contain Hostname, if Type is not set to Hostname']] },
  { title: 'BackendTLSPolicy: a URI SAN without uri', kind: 'BackendTLSPolicy', mutate: (o) => { o.spec.validation.subjectAltNames[1] = { type: 'URI' }; }, expected: [['.spec.validation.subjectAltNames[]#2', 'SubjectAltName element must contain URI, if Type is set to URI']] },
  { title: 'BackendTLSPolicy: a Hostname SAN with a uri', kind: 'BackendTLSPolicy', mutate: (o) => { o.spec.validation.subjectAltNames[0].uri = 'spiffe://x'; }, expected: [['.spec.validation.subjectAltNames[]#3', 'SubjectAltName element must not contain URI, if Type is not set to URI']] },
  { title: 'BackendTLSPolicy: two targetRefs to one Service, one without sectionName', kind: 'BackendTLSPolicy', mutate: (o) => { o.spec.targetRefs.push({ group: '', kind: 'Service', name: 'reviews' }); }, expected: [['.spec.targetRefs#0', 'sectionName must be specified when targetRefs includes 2 or more references to the same target']] },
  {
    title: 'BackendTLSPolicy: two targetRefs to one Service port', kind: 'BackendTLSPolicy', mutate: (o) => { o.spec.targetRefs.push({ ...o.spec.targetRefs[0] }); },
    expected: [['.spec.targetRefs#1', 'sectionName must be unique when targetRefs includes 2 or more references to the same target']],
  },

  // ReferenceGrant has no CEL rule: its from/to shapes are all schema.
  { title: 'ReferenceGrant: from without namespace', kind: 'ReferenceGrant', mutate: (o) => { delete o.spec.from[0].namespace; }, expected: [], schema: ['spec.from[0].namespace: Required value'], blocks: true },
  { title: 'ReferenceGrant: to without group', kind: 'ReferenceGrant', mutate: (o) => { delete o.spec.to[0].group; }, expected: [], schema: ['spec.to[0].group: Required value'], blocks: true },
  { title: 'ReferenceGrant: empty from', kind: 'ReferenceGrant', mutate: (o) => { o.spec.from = []; }, expected: [], schema: ['spec.from: Invalid value: must NOT have fewer than 1 items'] },
  { title: 'ReferenceGrant: 17 froms', kind: 'ReferenceGrant', mutate: (o) => { o.spec.from = Array.from({ length: 17 }, (_, i) => ({ ...o.spec.from[0], namespace: `ns-${i}` })); }, expected: [], schema: ['spec.from: Invalid value: must NOT have more than 16 items'], blocks: true },
  { title: 'ReferenceGrant: from kind with a dot', kind: 'ReferenceGrant', mutate: (o) => { o.spec.from[0].kind = 'HTTPRoute.v1'; }, expected: [], schema: ['spec.from[0].kind: Invalid value: must match pattern'] },
  { title: 'ReferenceGrant: from group in capitals', kind: 'ReferenceGrant', mutate: (o) => { o.spec.from[0].group = 'Gateway.Networking.k8s.io'; }, expected: [], schema: ['spec.from[0].group: Invalid value: must match pattern'] },
];

const OTHER_ACCEPTED: Accepted[] = [
  { title: 'TLSRoute: a wildcard first label', kind: 'TLSRoute', mutate: (o) => { o.spec.hostnames = ['*.example.com']; } },
  { title: 'TLSRoute: a hostname made of digits that is not an IP', kind: 'TLSRoute', mutate: (o) => { o.spec.hostnames = ['10.0.0.1.example.com']; } },
  { title: 'TLSRoute: two parentRefs to two Gateways', kind: 'TLSRoute', mutate: (o) => { o.spec.parentRefs.push({ name: 'other-gateway' }); } },
  { title: 'GRPCRoute: a service match without method', kind: 'GRPCRoute', mutate: (o) => { delete o.spec.rules[0].matches[0].method.method; } },
  { title: 'GRPCRoute: a RegularExpression service with a dash', kind: 'GRPCRoute', mutate: (o) => { o.spec.rules[0].matches[0].method = { type: 'RegularExpression', service: 'ratings-.*' }; } },
  { title: 'GRPCRoute: a match with headers only', kind: 'GRPCRoute', mutate: (o) => { delete o.spec.rules[0].matches[0].method; } },
  { title: 'BackendTLSPolicy: well-known CAs only', kind: 'BackendTLSPolicy', mutate: (o) => { delete o.spec.validation.caCertificateRefs; o.spec.validation.wellKnownCACertificates = 'System'; } },
  { title: 'BackendTLSPolicy: two targetRefs to one Service, two ports', kind: 'BackendTLSPolicy', mutate: (o) => { o.spec.targetRefs.push({ ...o.spec.targetRefs[0], sectionName: 'grpc' }); } },
  { title: 'ReferenceGrant: to a Service by name, and to every Secret', kind: 'ReferenceGrant', mutate: (o) => { o.spec.to.push({ group: '', kind: 'Secret' }); } },
  { title: 'ReferenceGrant: v1beta1', kind: 'ReferenceGrant', mutate: (o) => { o.apiVersion = 'gateway.networking.k8s.io/v1beta1'; } },
];

// --- the suite --------------------------------------------------------------------------------

const filters = filterCases(HTTP_FILTERS);
const grpcFilters = filterCases(GRPC_FILTERS);
const gatewayListeners = listenerCases('Gateway');
const listenerSetListeners = listenerCases('ListenerSet');
const CASES: Case[] = [...filters.rejected, ...grpcFilters.rejected, ...HTTP_ROUTE_CASES, ...gatewayListeners.rejected, ...listenerSetListeners.rejected, ...GATEWAY_CASES, ...OTHER_CASES];
const ACCEPTED: Accepted[] = [...filters.accepted, ...grpcFilters.accepted, ...HTTP_ROUTE_ACCEPTED, ...gatewayListeners.accepted, ...listenerSetListeners.accepted, ...GATEWAY_ACCEPTED, ...OTHER_ACCEPTED];

/** Rules no create request can fail: the schema's enum on the same field rejects first and blocks CEL. */
const UNREACHABLE = new Set([
  'HTTPRoute/v1.spec.rules[].matches[].path#9', // type must be one of ['Exact', 'PathPrefix', 'RegularExpression']: the enum says so too
]);

const brief = (v: Violation) => `${v.path}: ${v.message}`;

describe('Gateway API CEL rules, broken one at a time', () => {
  const coverage = new RuleCoverage();
  const bundle = loadGatewayApiBundle();
  const COVERED_KINDS = ['Gateway', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'BackendTLSPolicy', 'ListenerSet'];
  const specRules: CompiledRule[] = bundle.versions
    .filter((v) => v.version === 'v1' && COVERED_KINDS.includes(v.kind))
    .flatMap((v) => compiledRules(v).rules)
    .filter((r) => r.status === 'create' && r.schemaPath.startsWith('.spec'));

  function run(kind: string, mutate: (o: any) => void) {
    const obj = GATEWAY_API_VALID_OBJECTS[kind]!();
    mutate(obj);
    return validateAgainstCrds(obj, { observe: coverage.observe });
  }

  it.each(Object.keys(GATEWAY_API_VALID_OBJECTS))('the valid %s passes with no finding', (kind) => {
    const r = run(kind, () => undefined);
    expect(r.violations.map(formatViolation)).toEqual([]);
    expect(r.pruned).toEqual([]);
  });

  it.each(CASES.map((c) => [c.title, c] as const))('rejects: %s', (_title, c) => {
    const result = run(c.kind, c.mutate);
    const cel = result.violations.filter((v) => v.ruleId !== undefined).map((v) => [v.ruleId, v.message]).sort();
    expect(cel).toEqual(c.expected.map(([id, m]) => [`${c.kind}/v1${id}`, m]).sort());
    expect(result.celSkipped).toBe(c.blocks === true);
    const schema = result.violations.filter((v) => v.source !== 'cel').map(brief);
    expect(schema).toHaveLength((c.schema ?? []).length);
    (c.schema ?? []).forEach((prefix, i) => expect(schema[i]).toContain(prefix));
    expect(result.ok).toBe(false);
  });

  it.each(ACCEPTED.map((c) => [c.title, c] as const))('accepts: %s', (_title, c) => {
    expect(run(c.kind, c.mutate).violations.map(formatViolation)).toEqual([]);
  });

  it('skips CEL when a blocking schema error exists: 17 rules, 65 listeners', () => {
    const rules = run('HTTPRoute', (o) => { o.spec.rules = Array.from({ length: 17 }, () => ({ backendRefs: [{ name: 'x', port: 80 }] })); });
    expect(rules.celSkipped).toBe(true);
    expect(rules.violations.map(brief)[0]).toBe('spec.rules: Invalid value: must NOT have more than 16 items');
    const listeners = run('Gateway', (o) => { o.spec.listeners = Array.from({ length: 65 }, (_, i) => ({ name: `l${i}`, port: 1000 + i, protocol: 'HTTP' })); });
    expect(listeners.celSkipped).toBe(true);
    expect(listeners.violations.map(brief)[0]).toBe('spec.listeners: Invalid value: must NOT have more than 64 items');
    expect(run('Gateway', (o) => { o.spec.listeners = Array.from({ length: 64 }, (_, i) => ({ name: `l${i}`, port: 1000 + i, protocol: 'HTTP' })); }).ok).toBe(true);
  });

  it('reports the field path of the failing instance', () => {
    const { violations } = run('HTTPRoute', (o) => { o.spec.rules[2].matches[0] = { path: { type: 'Exact', value: 'nope' } }; });
    expect(violations.map((v) => v.path)).toEqual(['spec.rules[2].matches[0].path']);
  });

  it('covers every reachable create rule of the spec, passing and failing (run last)', () => {
    const ids = specRules.map((r) => r.id);
    expect(ids).toHaveLength(15 + 89 + 33 + 6 + 8 + 7);
    expect(ids.filter((id) => !coverage.failed.has(id) && !UNREACHABLE.has(id))).toEqual([]);
    expect(ids.filter((id) => !coverage.passed.has(id))).toEqual([]);
  });
});
