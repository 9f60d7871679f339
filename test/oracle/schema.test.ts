/**
 * The structural half against the real Istio schemas: strict unknown-field rejection, types,
 * enums, required, patterns (RE2), formats, nullable, null pruning, list-map uniqueness,
 * ObjectMeta, and the API server's rule that blocking schema errors suppress CEL.
 */
import { authorizationPolicy, destinationRule, gateway, serviceEntry, virtualService } from './fixtures';
import { CEL_SKIPPED_MESSAGE, validateAgainstCrds, type Violation } from '../../src/analysis/apiserver/validate';

const brief = (vs: Violation[]) => vs.map((v) => `${v.source} ${v.path}: ${v.message}`);

describe('structural schema (strict)', () => {
  it('rejects an unknown field, at any depth', () => {
    const gw = gateway();
    gw.spec.servers[0].port.targetPort2 = 8080;
    gw.spec.extra = true;
    const r = validateAgainstCrds(gw);
    expect(brief(r.violations).sort()).toEqual([
      'schema spec.extra: unknown field "spec.extra"',
      'schema spec.servers[0].port.targetPort2: unknown field "spec.servers[0].port.targetPort2"',
    ]);
    expect(r.ok).toBe(false);
  });

  it('rejects an unknown top-level field and an unknown metadata field', () => {
    const r = validateAgainstCrds({ ...gateway(), specs: {}, metadata: { name: 'g', labelz: {} } });
    expect(brief(r.violations).sort()).toEqual([
      'metadata metadata.labelz: unknown field "metadata.labelz"',
      'schema specs: unknown field "specs"',
    ]);
  });

  it('rejects a wrong type, and then skips CEL as the API server does', () => {
    const vs = virtualService();
    vs.spec.http[0].retries.attempts = '3';
    vs.spec.http[0].timeout = '1us'; // would fail CEL, but CEL must not run
    const r = validateAgainstCrds(vs);
    expect(brief(r.violations)).toEqual([
      'schema spec.http[0].retries.attempts: Invalid value: must be of type integer',
      `cel : ${CEL_SKIPPED_MESSAGE}`,
    ]);
    expect(r.celSkipped).toBe(true);
  });

  it('rejects an enum violation', () => {
    const dr = destinationRule();
    dr.spec.trafficPolicy.loadBalancer.simple = 'FASTEST';
    const r = validateAgainstCrds(dr);
    expect(r.violations[0]).toMatchObject({ source: 'schema', path: 'spec.trafficPolicy.loadBalancer.simple' });
    expect(r.violations[0]!.message).toMatch(/^Unsupported value: supported values: .*"LEAST_REQUEST"/);
    expect(r.celSkipped).toBe(true);
  });

  it('rejects a missing required field and an out-of-range integer', () => {
    const se = serviceEntry();
    delete se.spec.ports[0].name;
    se.spec.ports[1].number = 4294967296;
    expect(brief(validateAgainstCrds(se).violations).slice(0, 2).sort()).toEqual([
      'schema spec.ports[0].name: Required value',
      'schema spec.ports[1].number: Invalid value: must be <= 4294967295',
    ]);
  });

  it('applies oneOf as Kubernetes does (fixedDelay and exponentialDelay are exclusive)', () => {
    const vs = virtualService();
    vs.spec.http[0].fault.delay.exponentialDelay = '1s';
    const r = validateAgainstCrds(vs);
    expect(brief(r.violations)).toEqual(['schema spec.http[0].fault.delay: Invalid value: must match exactly one schema in oneOf']);
    expect(r.celSkipped).toBe(false); // oneOf is not a blocking error type
  });

  it('checks each `pattern` with RE2 against its own field', () => {
    const ap = authorizationPolicy();
    delete ap.spec.selector;
    ap.spec.targetRefs = [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'waypoint' }];
    expect(validateAgainstCrds(ap).violations).toEqual([]);
    ap.spec.targetRefs[0].group = 'Gateway.Networking';
    ap.spec.targetRefs[0].kind = '9ateway';
    expect(brief(validateAgainstCrds(ap).violations).map((s) => s.split(':')[0]).sort()).toEqual([
      'schema spec.targetRefs[0].group', 'schema spec.targetRefs[0].kind',
    ]);
  });

  it('checks format: byte (base64) but not int32 ranges, which Kubernetes ignores', () => {
    const vs = virtualService();
    vs.spec.http[1].directResponse = { status: 200, body: { bytes: 'aGVsbG8=' } };
    delete vs.spec.http[1].route;
    expect(brief(validateAgainstCrds(vs).violations)).toEqual([]);
    vs.spec.http[1].directResponse.body.bytes = 'not base64!';
    expect(brief(validateAgainstCrds(vs).violations)).toEqual(['schema spec.http[1].directResponse.body.bytes: Invalid value: must match format "byte"']);
    const big = virtualService();
    big.spec.http[0].retries.attempts = 2 ** 40; // format: int32, yet the API server accepts it
    expect(validateAgainstCrds(big).violations).toEqual([]);
  });

  it('accepts null where nullable; prunes (reports, accepts) a non-nullable null', () => {
    const vs = virtualService();
    vs.spec.http[0].corsPolicy.allowCredentials = null; // nullable: true
    vs.spec.http[0].timeout = null; // not nullable: the API server drops it
    const r = validateAgainstCrds(vs);
    expect(r).toMatchObject({ ok: true, violations: [], pruned: ['spec.http[0].timeout'] });
  });

  it('rejects a null inside an array (not pruned)', () => {
    const vs = virtualService();
    vs.spec.hosts.push(null);
    expect(brief(validateAgainstCrds(vs).violations)[0]).toBe('schema spec.hosts[1]: Invalid value: must be of type string');
  });

  it('rejects duplicate keys of an x-kubernetes-list-type: map list', () => {
    const se = serviceEntry();
    se.spec.ports[1].name = 'https';
    expect(brief(validateAgainstCrds(se).violations)).toEqual(['list-type spec.ports[1]: Duplicate value: ["https"]']);
  });

  it('drops status on create (status subresource)', () => {
    expect(validateAgainstCrds({ ...gateway(), status: { anything: [1, 2] } }).violations).toEqual([]);
  });

  it('checks ObjectMeta: name is a DNS subdomain, namespace a DNS label, labels qualified', () => {
    const gw = gateway();
    gw.metadata = { name: 'My_Gateway', namespace: 'Prod', labels: { 'bad key!': 'v', ok: 'x'.repeat(64) } };
    expect(validateAgainstCrds(gw).violations.map((v) => v.path)).toEqual([
      'metadata.name', 'metadata.namespace', 'metadata.labels', 'metadata.labels',
    ]);
    const unnamed = gateway();
    delete unnamed.metadata.name;
    expect(brief(validateAgainstCrds(unnamed).violations)).toEqual(['metadata metadata.name: Required value: name or generateName is required']);
  });

  it('rejects an unknown kind or an unserved version', () => {
    expect(brief(validateAgainstCrds({ ...gateway(), apiVersion: 'networking.istio.io/v2' }).violations))
      .toEqual(['crd : no matches for kind "Gateway" in version "networking.istio.io/v2"']);
    expect(validateAgainstCrds({ ...gateway(), kind: 'Gateways' }).ok).toBe(false);
    expect(validateAgainstCrds(null).ok).toBe(false);
  });

  it('validates older served versions with their own schema', () => {
    expect(validateAgainstCrds({ ...gateway(), apiVersion: 'networking.istio.io/v1beta1' }).violations).toEqual([]);
    const dr = { ...destinationRule(), apiVersion: 'networking.istio.io/v1alpha3' };
    dr.spec.trafficPolicy.connectionPool.tcp.connectTimeout = '10us';
    expect(validateAgainstCrds(dr).violations.map((v) => v.ruleId)).toEqual([
      'DestinationRule/v1alpha3.spec.trafficPolicy.connectionPool.tcp.connectTimeout#0',
    ]);
  });
});
