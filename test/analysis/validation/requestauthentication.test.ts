/**
 * RequestAuthentication, from istiod's TestValidateRequestAuthentication (validation_test.go),
 * plus near misses (marked) for validateJwtRule checks its table leaves out.
 */
import { describeValidationTable, ValidationCase } from './table';

const gatewayRef = { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'foo' };
const fooRule = { issuer: 'foo.com', jwksUri: 'https://foo.com/cert' };
const rule = (extra: object) => ({ jwtRules: [{ issuer: 'foo.com', jwksUri: 'https://foo.com', ...extra }] });
const JWKS = '{ "keys":[ {"e":"AQAB","kid":"DHFbpoIUqrY8t2zpA2qXfCmr5VO5ZEr4RzHU_-envvQ","kty":"RSA","n":"xAE7eB6qugXyCAG3yhh7pkDkT65pHymX-P7KfIupjf59vsdo91bSP9C8H07pSAGQO1MV_xFj9VswgsCg4R6otmg5PV2He95lZdHtOcU5DXIg_pbhLdKXbi66GlVeK6ABZOUW3WYtnNHD-91gVuoeJT_DwtGGcp4ignkgXfkiEm4sw-4sfb4qdt5oLbyVpmW6x9cfa7vs2WTfURiCrBoUqgBo_-4WTiULmmHSGZHOjzwa8WtrtOQGsAFjIbno85jp6MnGGGZPYZbDAa_b3y5u-YpW7ypZrvD8BgtKVjgtQgZhLAGezMt0ua3DRrWnKqTZ0BJ_EyxOGuHJrLsn00fnMQ"}]}';

const CASES: ValidationCase[] = [
  { name: 'empty spec', in: {}, valid: true },
  { name: 'another empty spec', in: { selector: {} }, valid: true, warning: true },
  { name: 'dry run annotation not supported', annotations: { 'istio.io/dry-run': 'true' }, in: {}, valid: false },
  { name: 'default name with non empty selector', in: { selector: { matchLabels: { app: 'httpbin' } } }, valid: true },
  { name: 'empty jwt rule', in: { jwtRules: [{}] }, valid: false },
  { name: 'empty issuer', in: { jwtRules: [{ issuer: '' }] }, valid: false },
  { name: 'bad JwksUri - no protocol', in: { jwtRules: [{ issuer: 'foo.com', jwksUri: 'foo.com' }] }, valid: false },
  { name: 'bad JwksUri - invalid port', in: { jwtRules: [{ issuer: 'foo.com', jwksUri: 'https://foo.com:not-a-number' }] }, valid: false },
  { name: 'empty value', in: { selector: { matchLabels: { app: 'httpbin', version: '' } }, jwtRules: [fooRule] }, valid: true },
  { name: 'bad workload selector - empty key', in: { selector: { matchLabels: { app: 'httpbin', '': 'v1' } }, jwtRules: [fooRule] }, valid: false },
  { name: 'good targetRef', in: { targetRef: gatewayRef, jwtRules: [fooRule] }, valid: true },
  { name: 'bad targetRef - empty name', in: { targetRef: { group: gatewayRef.group, kind: gatewayRef.kind }, jwtRules: [fooRule] }, valid: false },
  { name: 'bad targetRef - non-empty namespace', in: { targetRef: { ...gatewayRef, namespace: 'bar' }, jwtRules: [fooRule] }, valid: false },
  { name: 'bad targetRef - wrong group', in: { targetRef: { ...gatewayRef, group: 'wrong-group' }, jwtRules: [fooRule] }, valid: false },
  { name: 'bad targetRef - wrong kind', in: { targetRef: { ...gatewayRef, kind: 'wrong-kind' }, jwtRules: [fooRule] }, valid: false },
  { name: 'targetRef and selector cannot both be set', in: { targetRef: gatewayRef, jwtRules: [fooRule], selector: { matchLabels: { app: 'httpbin' } } }, valid: false },
  { name: 'bad header location', in: rule({ fromHeaders: [{ name: '', prefix: 'Bearer ' }] }), valid: false },
  { name: 'bad param location', in: rule({ fromParams: [''] }), valid: false },
  { name: 'good', in: rule({ fromHeaders: [{ name: 'x-foo', prefix: 'Bearer ' }] }), valid: true },
  { name: 'bad cookie location', in: rule({ fromCookies: ['', 'foo'] }), valid: false },
  { name: 'jwks ok', in: { jwtRules: [{ issuer: 'foo.com', jwks: JWKS, fromHeaders: [{ name: 'x-foo', prefix: 'Bearer ' }] }] }, valid: true },
  { name: 'jwks error', in: { jwtRules: [{ issuer: 'foo.com', jwks: 'foo', fromHeaders: [{ name: 'x-foo', prefix: 'Bearer ' }] }] }, valid: false },
  { name: 'null outputClaimToHeader', in: rule({ outputClaimToHeaders: [{}] }), valid: false },
  { name: 'null claim value in outputClaimToHeader', in: rule({ outputClaimToHeaders: [{ header: 'x-jwt-claim', claim: '' }] }), valid: false },
  { name: 'null header value in outputClaimToHeader', in: rule({ outputClaimToHeaders: [{ header: '', claim: 'sub' }] }), valid: false },
  { name: 'invalid header value in outputClaimToHeader', in: rule({ outputClaimToHeaders: [{ header: 'abc%123', claim: 'sub' }] }), valid: false },

  // Istio's testdata/crds/reqauth-valid.yaml.
  {
    name: 'testdata reqauth-valid.yaml: full',
    in: {
      targetRefs: [{ group: '', kind: 'Service', name: 'foo' }],
      jwtRules: [{
        issuer: 'example.com', jwksUri: 'https://example.com/.well-known/jwks.json', forwardOriginalToken: true, fromCookies: ['foo'],
        fromHeaders: [{ name: 'foo', prefix: 'baz' }], outputClaimToHeaders: [{ claim: 'abc', header: 'def' }], timeout: '5s',
        outputPayloadToHeader: 'header', spaceDelimitedClaims: ['custom_scope', 'provider.login.scope'],
      }],
    },
    valid: true,
  },

  // Near misses for the rest of validateJwtRule.
  { name: 'near miss: jwksUri alone names the keys', in: { jwtRules: [{ jwksUri: 'https://example.com/.well-known/jwks.json' }] }, valid: true },
  { name: 'near miss: http jwksUri with a port', in: { jwtRules: [{ issuer: 'a', jwksUri: 'http://keys.example.com:8080/jwks' }] }, valid: true },
  { name: 'near miss: ftp jwksUri', in: { jwtRules: [{ issuer: 'a', jwksUri: 'ftp://keys.example.com/jwks' }] }, valid: false },
  { name: 'near miss: empty audience', in: rule({ audiences: ['api', ''] }), valid: false },
  { name: 'near miss: valid claim to header', in: rule({ outputClaimToHeaders: [{ header: 'x-jwt-sub', claim: 'sub' }] }), valid: true },
  { name: 'near miss: timeout 5s', in: rule({ timeout: '5s' }), valid: true },
  { name: 'near miss: timeout below 1ms', in: rule({ timeout: '100us' }), valid: false },
  { name: 'near miss: jwks JSON without keys', in: { jwtRules: [{ issuer: 'a', jwks: '{"foo": 1}' }] }, valid: false },
  { name: 'near miss: targetRefs Service', in: { targetRefs: [{ group: '', kind: 'Service', name: 'api' }], jwtRules: [fooRule] }, valid: true },
  { name: 'near miss: selector wildcard value', in: { selector: { matchLabels: { app: '*' } } }, valid: false },
];

describeValidationTable({ apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication' }, CASES);
