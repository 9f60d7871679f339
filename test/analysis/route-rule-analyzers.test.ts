/**
 * Rule reachability: IST0130/IST0131 exactly as istiod reports them (validation/virtualservice
 * analyzeUnreachableHTTPRules, coveredValidation; testdata virtualservice_dupmatches.yaml,
 * virtualservice_overlappingmatches.yaml), CIT120 for rules a broader earlier match swallows,
 * and CIT121 for prefix rewrites that produce `//` (SEMANTICS §4).
 */
import { AnalyzerCase, doc, itReports } from './analyzer-cases';

/** A VirtualService whose `http` rules are given as flow-style YAML lines. */
const routes = (rules: string[], gateways = '') => doc(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: default }
spec:
  hosts: [ reviews.example.com ]
${gateways ? `  gateways: [ ${gateways} ]\n` : ''}  http:
${rules.map((r) => `  - ${r}`).join('\n')}
`);
const to = 'route: [ { destination: { host: reviews } } ]';
const rule = (match: string, extra = '') => `{ match: [ ${match} ], ${to}${extra ? `, ${extra}` : ''} }`;

describe('IST0130 VirtualServiceUnreachableRule (istiod)', () => {
  const cases: AnalyzerCase[] = [
    { name: 'a match repeating an earlier one exactly', in: routes([rule('{ uri: { exact: /a } }'), rule('{ uri: { exact: /a } }')]), valid: false, says: 'VirtualService rule #1 not used (all matches used by prior rules)' },
    // asJSON: Go omits zero fields, so `ignoreUriCase: false` is the same match as none.
    { name: 'a repeat differing only by a zero field', in: routes([rule('{ uri: { exact: /a } }'), rule('{ uri: { exact: /a }, ignoreUriCase: false, name: other }')]), valid: false, says: 'rule #1 not used' },
    { name: 'a rule after a match-less rule', in: routes([`{ ${to} }`, rule('{ uri: { prefix: /v2 } }')]), valid: false, says: 'route without matches defined before' },
    // istiod does not call a rule unreachable when an earlier prefix merely covers it (that is CIT120).
    { name: 'a longer prefix after a shorter one', in: routes([rule('{ uri: { prefix: /v1 } }'), rule('{ uri: { prefix: /v1/orders } }')]), valid: true },
    { name: 'one new match beside a repeated one', in: routes([rule('{ uri: { exact: /a } }'), rule('{ uri: { exact: /a } }, { uri: { exact: /b } }')]), valid: true },
  ];
  itReports('IST0130', cases);
});

describe('IST0131 VirtualServiceIneffectiveMatch (istiod coveredValidation)', () => {
  const cases: AnalyzerCase[] = [
    { name: 'a longer prefix after a shorter one', in: routes([rule('{ uri: { prefix: /v1 } }'), rule('{ uri: { prefix: /v1/orders } }')]), valid: false, says: 'VirtualService rule #1 match #0 of prefix /v1/orders is not used (duplicate/overlapping match in rule #0 of prefix /v1 on #0)' },
    // overlapping-in-single-match: the two matches of one rule are compared too.
    { name: 'overlapping prefixes in one rule', in: routes([rule('{ uri: { prefix: /debug } }, { uri: { prefix: /debugs } }')]), valid: false, says: 'match #1 of prefix /debugs' },
    // non-method-get: a missing method counts as exact GET.
    { name: 'no method against method GET', in: routes([rule('{ uri: { prefix: /api } }'), rule('{ uri: { prefix: /api/v1 }, method: { exact: GET } }')]), valid: false, says: 'of prefix /api/v1' },
    { name: 'no method against method POST', in: routes([rule('{ uri: { prefix: /api } }'), rule('{ uri: { prefix: /api/v1 }, method: { exact: POST } }')]), valid: true },
    { name: 'an earlier header the later match lacks', in: routes([rule('{ uri: { prefix: /v1 }, headers: { x-team: { exact: a } } }'), rule('{ uri: { prefix: /v1/orders } }')]), valid: true },
    // Istio compares port, method, authority, headers, query parameters and withoutHeaders only:
    // an earlier sourceLabels condition is not considered.
    { name: 'an earlier sourceLabels condition is not compared', in: routes([rule('{ uri: { prefix: /v1 }, sourceLabels: { app: a } }'), rule('{ uri: { prefix: /v1/orders } }')]), valid: false, says: 'of prefix /v1/orders' },
    { name: 'exact repeat', in: routes([rule('{ uri: { exact: /a } }'), rule('{ uri: { exact: /a } }')]), valid: false, says: 'rule #1 match #0 is not used (duplicate/overlapping match in rule #0)' },
  ];
  itReports('IST0131', cases);
});

describe('CIT120 RuleShadowedByBroaderMatch', () => {
  const cases: AnalyzerCase[] = [
    { name: 'an exact path under an earlier prefix', in: routes([rule('{ uri: { prefix: /api } }'), rule('{ uri: { exact: /api/v1 } }')]), valid: false, says: 'VirtualService rule http[1] in http is never used' },
    { name: 'a longer prefix after a shorter one', in: routes([rule('{ uri: { prefix: /v1 } }'), rule('{ uri: { prefix: /v1/orders } }')]), valid: false, says: 'match #0 by http[0] match #0 (uri prefix /v1)' },
    { name: 'a prefix under an earlier prefix-shaped regex', in: routes([rule('{ uri: { regex: "/api/.*" } }'), rule('{ uri: { prefix: /api/v1 } }')]), valid: false, says: 'rule http[1]' },
    { name: 'an exact path an earlier regex matches', in: routes([rule('{ uri: { regex: "/items/[0-9]+" } }'), rule('{ uri: { exact: /items/42 } }')]), valid: false, says: 'rule http[1]' },
    { name: 'an exact path an earlier regex does not match', in: routes([rule('{ uri: { regex: "/items/[0-9]+" } }'), rule('{ uri: { exact: /items/new } }')]), valid: true },
    { name: 'the later rule adds no condition the earlier requires', in: routes([rule('{ uri: { prefix: /v1 }, headers: { x-team: { exact: a } } }'), rule('{ uri: { prefix: /v1/orders } }')]), valid: true },
    { name: 'the later rule has the earlier one\'s header and more', in: routes([rule('{ uri: { prefix: /v1 }, headers: { x-team: { prefix: a } } }'), rule('{ uri: { prefix: /v1/orders }, headers: { X-Team: { exact: alpha } }, method: { exact: GET } }')]), valid: false },
    { name: 'one match of the later rule escapes', in: routes([rule('{ uri: { prefix: /v1 } }'), rule('{ uri: { prefix: /v1/orders } }, { uri: { prefix: /v2 } }')]), valid: true },
    { name: 'case-insensitive later match, case-sensitive earlier one', in: routes([rule('{ uri: { prefix: /api } }'), rule('{ uri: { prefix: /api/v1 }, ignoreUriCase: true }')]), valid: true },
    { name: 'a catch-all prefix / first in a mesh VirtualService', in: routes([rule('{ uri: { prefix: / } }'), rule('{ uri: { prefix: /v2 } }')]), valid: false },
    // At a gateway istiod moves catch-all routes after the others.
    { name: 'a catch-all prefix / first in a gateway VirtualService', in: routes([rule('{ uri: { prefix: / } }'), rule('{ uri: { prefix: /v2 } }')], 'istio-system/ingress'), valid: true },
    { name: 'an earlier match restricted to another gateway', in: routes([rule('{ uri: { prefix: /v1 }, gateways: [ mesh ] }'), rule('{ uri: { prefix: /v1/orders } }')], 'mesh, istio-system/ingress'), valid: true },
    // Exact repeats are IST0130's; CIT120 does not report them twice.
    { name: 'an exact repeat', in: routes([rule('{ uri: { exact: /a } }'), rule('{ uri: { exact: /a } }')]), valid: true },
  ];
  itReports('CIT120', cases);
});

describe('CIT121 PrefixRewriteDoubleSlash', () => {
  const cases: AnalyzerCase[] = [
    { name: 'prefix /svc1 rewritten to /', in: routes([rule('{ uri: { prefix: /svc1 } }', 'rewrite: { uri: / }')]), valid: false, says: 'so "/svc1/x" becomes "//x"' },
    { name: 'prefix /svc1 rewritten to /api/', in: routes([rule('{ uri: { prefix: /svc1 } }', 'rewrite: { uri: /api/ }')]), valid: false, says: 'becomes "/api//x"' },
    { name: 'prefix /svc1/ rewritten to /', in: routes([rule('{ uri: { prefix: /svc1/ } }, { uri: { exact: /svc1 } }', 'rewrite: { uri: / }')]), valid: true },
    { name: 'prefix /svc1 rewritten to /api', in: routes([rule('{ uri: { prefix: /svc1 } }', 'rewrite: { uri: /api }')]), valid: true },
    { name: 'exact /svc1 rewritten to /', in: routes([rule('{ uri: { exact: /svc1 } }', 'rewrite: { uri: / }')]), valid: true },
  ];
  itReports('CIT121', cases);
});
