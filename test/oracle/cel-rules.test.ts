/**
 * Table-driven: for every CEL rule of the seven kinds, a mutation of a valid object that breaks
 * exactly that rule must be rejected with exactly that rule's message, and nothing else. The
 * 52 duration rules are generated from their schema paths (set the field to 999us, a valid
 * duration below the 1ms floor); the others are written by hand. A final check proves every
 * one of the 89 rules was seen both passing and failing.
 */
import { compiledRules, type CompiledRule } from '../../src/analysis/apiserver/cel-rules';
import { gvkKey } from '../../src/analysis/apiserver/crd-types';
import { loadIstioBundle } from '../../src/analysis/apiserver/istio-crds';
import { formatViolation, validateAgainstCrds } from '../../src/analysis/apiserver/validate';
import { VALID_OBJECTS } from './fixtures';
import { ISTIO_KINDS_V1, RuleCoverage } from './rule-stats';

type Path = (string | number)[];

/** Concrete instance paths in `obj` for a schema path like `.spec.subsets[].trafficPolicy`. */
function concretePaths(obj: unknown, schemaPath: string): Path[] {
  let frontier: { v: any; p: Path }[] = [{ v: obj, p: [] }];
  for (const [, name, wild] of schemaPath.matchAll(/\.([^.[\]{}]+)|(\[\]|\{\})/g)) {
    frontier = frontier.flatMap(({ v, p }) => {
      if (v === null || typeof v !== 'object') return [];
      if (name !== undefined) return name in v ? [{ v: v[name], p: [...p, name] }] : [];
      const keys: (string | number)[] = wild === '[]' ? (Array.isArray(v) ? v.map((_, i) => i) : []) : Object.keys(v);
      return keys.map((k) => ({ v: v[k], p: [...p, k] }));
    });
  }
  return frontier.map((f) => f.p);
}

function setPath(obj: any, path: Path, value: unknown): void {
  let cur = obj;
  for (const k of path.slice(0, -1)) cur = cur[k];
  cur[path[path.length - 1]!] = value;
}

const DURATION_RULE = "duration(self) >= duration('1ms')";
const DURATION_MESSAGE = 'must be a valid duration greater than 1ms';

interface Case {
  title: string;
  kind: string;
  mutate: (o: any) => void;
  /** [rule id suffix after `<Kind>/v1`, message] for every violation expected. */
  expected: [string, string][];
}

const tls2 = [{ serverCertificate: '/etc/certs/a.pem', privateKey: '/etc/certs/a.key' }];
const LABEL_KEY_WILDCARD = 'wildcard not allowed in label key match';
const LABEL_KEY_EMPTY = 'key must not be empty';
const LABEL_VALUE_WILDCARD = 'wildcard not allowed in label value match';
const PORT_RANGE = 'port must be between 1-65535';

/** matchLabels rules shared by DestinationRule (workloadSelector) and the security kinds (selector). */
function matchLabelsCases(kind: string, at: string, set: (o: any, labels: Record<string, string>) => void): Case[] {
  return [
    { title: `${kind} ${at} key with *`, kind, mutate: (o) => set(o, { 'app*': 'x' }), expected: [[`${at}#0`, LABEL_KEY_WILDCARD]] },
    { title: `${kind} ${at} empty key`, kind, mutate: (o) => set(o, { '': 'x' }), expected: [[`${at}#1`, LABEL_KEY_EMPTY]] },
    { title: `${kind} ${at} value with *`, kind, mutate: (o) => set(o, { app: 'x*' }), expected: [[`${at}{}#0`, LABEL_VALUE_WILDCARD]] },
  ];
}

/** The three TLS credential rules, shared by Gateway servers[].tls and Sidecar ingress[].tls. */
function tlsCases(kind: string, at: string, tlsOf: (o: any) => any): Case[] {
  return [
    {
      title: `${kind} credentialName with credentialNames`, kind,
      mutate: (o) => { tlsOf(o).credentialNames = ['a-cert']; },
      expected: [[`${at}#1`, 'only one of credentialName or credentialNames can be set']],
    },
    {
      // Rules #0 and #2 are the same predicate (#2's message says credentialName, its rule
      // checks credentialNames), so neither can fail alone: both fire.
      title: `${kind} credentialNames with tlsCertificates`, kind,
      mutate: (o) => { const t = tlsOf(o); delete t.credentialName; t.credentialNames = ['a-cert']; t.tlsCertificates = tls2; },
      expected: [
        [`${at}#0`, 'only one of credentialNames or tlsCertificates can be set'],
        [`${at}#2`, 'only one of credentialName or tlsCertificates can be set'],
      ],
    },
  ];
}

const CASES: Case[] = [
  ...tlsCases('Gateway', '.spec.servers[].tls', (o) => o.spec.servers[1].tls),
  ...tlsCases('Sidecar', '.spec.ingress[].tls', (o) => o.spec.ingress[0].tls),
  {
    title: 'Sidecar workloadSelector label value with *', kind: 'Sidecar',
    mutate: (o) => { o.spec.workloadSelector.labels.app = 'rat*'; },
    expected: [['.spec.workloadSelector.labels{}#0', 'wildcard is not supported in selector']],
  },
  {
    title: 'VirtualService exponentialDelay below 1ms', kind: 'VirtualService',
    mutate: (o) => { o.spec.http[0].fault.delay = { percentage: { value: 1 }, exponentialDelay: '999us' }; },
    expected: [['.spec.http[].fault.delay.exponentialDelay#0', DURATION_MESSAGE]],
  },
  ...matchLabelsCases('DestinationRule', '.spec.workloadSelector.matchLabels', (o, l) => { o.spec.workloadSelector.matchLabels = l; }),
  {
    title: 'ServiceEntry workloadSelector with endpoints', kind: 'ServiceEntry',
    mutate: (o) => { o.spec.workloadSelector = { labels: { app: 'db' } }; },
    expected: [['.spec#0', 'only one of WorkloadSelector or Endpoints can be set']],
  },
  {
    title: 'ServiceEntry CIDR address with DNS resolution', kind: 'ServiceEntry',
    mutate: (o) => { o.spec.addresses = ['10.0.0.0/24']; },
    expected: [['.spec#1', 'CIDR addresses are allowed only for NONE/STATIC resolution types']],
  },
  {
    title: 'ServiceEntry NONE resolution with endpoints', kind: 'ServiceEntry',
    mutate: (o) => { o.spec.resolution = 'NONE'; },
    expected: [['.spec#2', 'NONE mode cannot set endpoints']],
  },
  {
    title: 'ServiceEntry DNS_ROUND_ROBIN with two endpoints', kind: 'ServiceEntry',
    mutate: (o) => { o.spec.resolution = 'DNS_ROUND_ROBIN'; },
    expected: [['.spec#3', 'DNS_ROUND_ROBIN mode cannot have multiple endpoints']],
  },
  {
    title: 'ServiceEntry endpoint without address or network', kind: 'ServiceEntry',
    mutate: (o) => { delete o.spec.endpoints[1].address; },
    expected: [['.spec.endpoints[]#0', 'Address is required']],
  },
  {
    title: 'ServiceEntry UDS endpoint with ports', kind: 'ServiceEntry',
    mutate: (o) => { o.spec.endpoints[1].address = 'unix:///var/run/db.sock'; },
    expected: [['.spec.endpoints[]#1', 'UDS may not include ports']],
  },
  {
    title: 'ServiceEntry relative UDS path', kind: 'ServiceEntry',
    mutate: (o) => { o.spec.endpoints[1] = { address: 'unix://var/run/db.sock' }; },
    expected: [['.spec.endpoints[].address#0', 'UDS must be an absolute path or abstract socket']],
  },
  {
    title: 'ServiceEntry UDS directory', kind: 'ServiceEntry',
    mutate: (o) => { o.spec.endpoints[1] = { address: 'unix:///var/run/' }; },
    expected: [['.spec.endpoints[].address#1', 'UDS may not be a dir']],
  },
  {
    title: 'ServiceEntry endpoint port name with _', kind: 'ServiceEntry',
    mutate: (o) => { o.spec.endpoints[0].ports = { bad_name: 8443 }; },
    expected: [['.spec.endpoints[].ports#0', 'port name must be valid']],
  },
  {
    title: 'ServiceEntry endpoint port 70000', kind: 'ServiceEntry',
    mutate: (o) => { o.spec.endpoints[0].ports.https = 70000; },
    expected: [['.spec.endpoints[].ports{}#0', PORT_RANGE]],
  },
  {
    title: 'ServiceEntry host *', kind: 'ServiceEntry',
    mutate: (o) => { o.spec.hosts[1] = '*'; },
    expected: [['.spec.hosts[]#0', 'hostname cannot be wildcard']],
  },
  {
    title: 'ServiceEntry duplicate port number', kind: 'ServiceEntry',
    mutate: (o) => { o.spec.ports[1].number = 443; },
    expected: [['.spec.ports#0', 'port number cannot be duplicated']],
  },
  {
    title: 'ServiceEntry port number 70000', kind: 'ServiceEntry',
    mutate: (o) => { o.spec.ports[1].number = 70000; },
    expected: [['.spec.ports[].number#0', PORT_RANGE]],
  },
  {
    title: 'ServiceEntry targetPort 0', kind: 'ServiceEntry',
    mutate: (o) => { o.spec.ports[1].targetPort = 0; },
    expected: [['.spec.ports[].targetPort#0', PORT_RANGE]],
  },
  {
    title: 'ServiceEntry workloadSelector label value with *', kind: 'ServiceEntry',
    mutate: (o) => { delete o.spec.endpoints; o.spec.workloadSelector = { labels: { app: 'db*' } }; },
    expected: [['.spec.workloadSelector.labels{}#0', 'wildcard is not supported in selector']],
  },
  {
    title: 'PeerAuthentication portLevelMtls without selector', kind: 'PeerAuthentication',
    mutate: (o) => { delete o.spec.selector; },
    expected: [['.spec#0', 'portLevelMtls requires selector']],
  },
  {
    title: 'PeerAuthentication portLevelMtls port 0', kind: 'PeerAuthentication',
    mutate: (o) => { o.spec.portLevelMtls = { '0': { mode: 'DISABLE' } }; },
    expected: [['.spec.portLevelMtls#0', PORT_RANGE]],
  },
  ...matchLabelsCases('PeerAuthentication', '.spec.selector.matchLabels', (o, l) => { o.spec.selector.matchLabels = l; }),
  {
    title: 'AuthorizationPolicy selector with targetRef', kind: 'AuthorizationPolicy',
    mutate: (o) => { o.spec.targetRef = { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'waypoint' }; },
    expected: [['.spec#0', 'only one of targetRefs or selector can be set']],
  },
  {
    title: 'AuthorizationPolicy serviceAccounts with principals', kind: 'AuthorizationPolicy',
    mutate: (o) => { o.spec.rules[0].from[0].source.serviceAccounts = ['default/sleep']; },
    expected: [['.spec.rules[].from[].source#0', 'Cannot set serviceAccounts with namespaces or principals']],
  },
  ...matchLabelsCases('AuthorizationPolicy', '.spec.selector.matchLabels', (o, l) => { o.spec.selector.matchLabels = l; }),
  {
    title: 'AuthorizationPolicy cross-namespace targetRef', kind: 'AuthorizationPolicy',
    mutate: (o) => { delete o.spec.selector; o.spec.targetRef = { kind: 'Service', name: 'httpbin', namespace: 'bar' }; },
    expected: [['.spec.targetRef.namespace#0', 'cross namespace referencing is not currently supported']],
  },
  {
    title: 'AuthorizationPolicy cross-namespace targetRefs item', kind: 'AuthorizationPolicy',
    mutate: (o) => { delete o.spec.selector; o.spec.targetRefs = [{ kind: 'Service', name: 'a' }, { kind: 'Service', name: 'b', namespace: 'bar' }]; },
    expected: [['.spec.targetRefs[].namespace#0', 'cross namespace referencing is not currently supported']],
  },
];

/** Mutations the API server accepts: rules pass on the edge of what they allow. */
const ACCEPTED: { title: string; kind: string; mutate: (o: any) => void }[] = [
  { title: 'Gateway credentialName with tlsCertificates (no rule checks this pair)', kind: 'Gateway', mutate: (o) => { o.spec.servers[1].tls.tlsCertificates = tls2; } },
  { title: 'Gateway two credentialNames', kind: 'Gateway', mutate: (o) => { const t = o.spec.servers[1].tls; delete t.credentialName; t.credentialNames = ['rsa', 'ecdsa']; } },
  { title: 'duration exactly 1ms, and Go forms 1h30m / 1.5s / .5s', kind: 'VirtualService', mutate: (o) => { o.spec.http[0].timeout = '1ms'; o.spec.http[0].retries.perTryTimeout = '1h30m'; o.spec.http[0].retries.backoff = '1.5s'; o.spec.http[0].corsPolicy.maxAge = '.5s'; } },
  { title: 'ServiceEntry STATIC with CIDR address', kind: 'ServiceEntry', mutate: (o) => { o.spec.resolution = 'STATIC'; o.spec.addresses = ['10.0.0.0/24']; o.spec.endpoints = [{ address: '10.0.0.1' }]; } },
  { title: 'ServiceEntry NONE without endpoints', kind: 'ServiceEntry', mutate: (o) => { o.spec.resolution = 'NONE'; delete o.spec.endpoints; } },
  { title: 'ServiceEntry DNS_ROUND_ROBIN with one endpoint', kind: 'ServiceEntry', mutate: (o) => { o.spec.resolution = 'DNS_ROUND_ROBIN'; o.spec.endpoints.pop(); } },
  { title: 'ServiceEntry endpoint with network only', kind: 'ServiceEntry', mutate: (o) => { o.spec.endpoints[1] = { network: 'remote', ports: { https: 443 } }; } },
  { title: 'ServiceEntry abstract UDS socket', kind: 'ServiceEntry', mutate: (o) => { o.spec.endpoints[1] = { address: 'unix://@abstract' }; } },
  { title: 'ServiceEntry ports 1 and 65535', kind: 'ServiceEntry', mutate: (o) => { o.spec.ports[0].number = 1; o.spec.ports[1].number = 65535; o.spec.ports[1].targetPort = 65535; } },
  { title: 'PeerAuthentication port 65535', kind: 'PeerAuthentication', mutate: (o) => { o.spec.portLevelMtls = { '65535': { mode: 'PERMISSIVE' } }; } },
  { title: 'AuthorizationPolicy targetRef with empty namespace', kind: 'AuthorizationPolicy', mutate: (o) => { delete o.spec.selector; o.spec.targetRef = { kind: 'Service', name: 'a', namespace: '' }; } },
  { title: 'AuthorizationPolicy targetRefs with empty namespace', kind: 'AuthorizationPolicy', mutate: (o) => { delete o.spec.selector; o.spec.targetRefs = [{ kind: 'Service', name: 'a', namespace: '' }]; } },
  { title: 'ServiceEntry workloadSelector without endpoints', kind: 'ServiceEntry', mutate: (o) => { delete o.spec.endpoints; o.spec.workloadSelector = { labels: { app: 'db' } }; } },
  { title: 'VirtualService exponentialDelay 1s', kind: 'VirtualService', mutate: (o) => { o.spec.http[0].fault.delay = { percentage: { value: 1 }, exponentialDelay: '1s' }; } },
  { title: 'AuthorizationPolicy serviceAccounts alone', kind: 'AuthorizationPolicy', mutate: (o) => { o.spec.rules[0].from[0].source = { serviceAccounts: ['default/sleep'] }; } },
];

/** Rules whose evaluation errors: Kubernetes reports "<error> evaluating rule: <message>". */
const EVAL_ERRORS: { title: string; kind: string; mutate: (o: any) => void; id: string; message: RegExp; alsoFails?: string[] }[] = [
  { title: 'unparseable duration', kind: 'VirtualService', mutate: (o) => { o.spec.http[0].timeout = '10'; }, id: '.spec.http[].timeout#0', message: /evaluating rule: must be a valid duration greater than 1ms$/ },
  { title: 'empty duration (Go rejects, @bufbuild/cel alone reads 0s)', kind: 'VirtualService', mutate: (o) => { o.spec.http[0].timeout = ''; }, id: '.spec.http[].timeout#0', message: /invalid duration "" evaluating rule/ },
  { title: 'non-numeric portLevelMtls key', kind: 'PeerAuthentication', mutate: (o) => { o.spec.portLevelMtls = { http: { mode: 'DISABLE' } }; }, id: '.spec.portLevelMtls#0', message: /invalid syntax evaluating rule: port must be between 1-65535$/ },
  { title: 'portLevelMtls key with a space (Go ParseInt rejects, JS BigInt accepts)', kind: 'PeerAuthentication', mutate: (o) => { o.spec.portLevelMtls = { ' 80': { mode: 'DISABLE' } }; }, id: '.spec.portLevelMtls#0', message: /evaluating rule: port must be between 1-65535$/ },
  { title: 'UDS address "unix://" (substring out of range)', kind: 'ServiceEntry', mutate: (o) => { o.spec.endpoints[1] = { address: 'unix://' }; }, id: '.spec.endpoints[].address#0', message: /index out of range: 8 evaluating rule: UDS must be an absolute path or abstract socket$/, alsoFails: ['.spec.endpoints[].address#1'] },
];

describe('every CEL rule of the seven kinds, broken one at a time', () => {
  const coverage = new RuleCoverage();
  const bundle = loadIstioBundle();
  const allRules: CompiledRule[] = ISTIO_KINDS_V1.flatMap(({ group, kind }) => compiledRules(bundle.byGvk.get(gvkKey(group, 'v1', kind))!).rules);

  const durationCases: Case[] = allRules.filter((r) => r.spec.rule === DURATION_RULE).flatMap((r) => {
    const path = concretePaths(VALID_OBJECTS[r.kind]!(), r.schemaPath)[0];
    if (!path) return []; // covered by a hand-written case; the coverage test catches any gap
    return [{
      title: `${r.kind} ${r.schemaPath} = 999us`, kind: r.kind,
      mutate: (o: any) => setPath(o, path, '999us'),
      expected: [[`${r.schemaPath}#0`, DURATION_MESSAGE]] as [string, string][],
    }];
  });

  function run(kind: string, mutate: (o: any) => void) {
    const obj = VALID_OBJECTS[kind]!();
    mutate(obj);
    return validateAgainstCrds(obj, { observe: coverage.observe });
  }

  it.each([...durationCases, ...CASES].map((c) => [c.title, c] as const))('rejects: %s', (_title, c) => {
    const result = run(c.kind, c.mutate);
    const got = result.violations.map((v) => [v.ruleId, v.message]).sort();
    const want = c.expected.map(([id, m]) => [`${c.kind}/v1${id}`, m]).sort();
    expect(got).toEqual(want);
    expect(result.ok).toBe(false);
  });

  it.each(ACCEPTED.map((c) => [c.title, c] as const))('accepts: %s', (_title, c) => {
    expect(run(c.kind, c.mutate).violations.map(formatViolation)).toEqual([]);
  });

  it.each(EVAL_ERRORS.map((c) => [c.title, c] as const))('rejects with an evaluation error: %s', (_title, c) => {
    const { violations } = run(c.kind, c.mutate);
    expect(violations.map((v) => v.ruleId)).toEqual([c.id, ...(c.alsoFails ?? [])].map((id) => `${c.kind}/v1${id}`));
    expect(violations[0]!.message).toMatch(c.message);
  });

  it('reports the field path of the failing instance', () => {
    const { violations } = run('DestinationRule', (o) => { o.spec.subsets[1].trafficPolicy.portLevelSettings[0].outlierDetection.interval = '1us'; });
    expect(violations.map((v) => v.path)).toEqual(['spec.subsets[1].trafficPolicy.portLevelSettings[0].outlierDetection.interval']);
    const ports = run('ServiceEntry', (o) => { o.spec.endpoints[1].ports.https = 0; }).violations;
    expect(ports.map((v) => v.path)).toEqual(['spec.endpoints[1].ports[https]']);
  });

  it('covers every rule, passing and failing (run last)', () => {
    // Fold in the valid objects so every rule has a passing evaluation too.
    for (const make of Object.values(VALID_OBJECTS)) validateAgainstCrds(make(), { observe: coverage.observe });
    const ids = allRules.map((r) => r.id);
    expect(ids).toHaveLength(89);
    expect(ids.filter((id) => !coverage.failed.has(id))).toEqual([]);
    expect(ids.filter((id) => !coverage.passed.has(id))).toEqual([]);
    expect(durationCases.length).toBe(allRules.filter((r) => r.spec.rule === DURATION_RULE).length - 1); // exponentialDelay is hand-written
  });
});
