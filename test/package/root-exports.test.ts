/**
 * The package root is what users see in autocomplete: the public API, not the helpers the
 * modules share (those stay importable from their own files, as the tests here do).
 */
import * as root from '../../src';

const PUBLIC = [
  // constructs and errors
  'Team', 'TrafficApi', 'TeamGateway', 'VersionedService', 'CanaryRoute', 'ExternalEgress', 'Caller', 'GatewayTls', 'IstioTrafficError', 'ErrorCodes',
  // routing value types
  'HttpAction', 'Destination', 'PathMatch', 'HeaderMatch', 'QueryParameterMatch', 'StringMatch', 'Rollout', 'HttpFault', 'LoadBalancer', 'RetryOn',
  // entry points
  'check', 'checkApp', 'checkFiles', 'explain', 'formatExplanation', 'buildTopology', 'writeTopologyFiles', 'MeshApp', 'MeshModel',
];

const INTERNAL = [
  'renderHttpRule', 'renderHttpMatch', 'renderTlsRule', 'renderTrafficPolicy', 'renderCors', 'renderRetries', 'renderRewrite', 'renderHeaderOperations',
  'renderValue', 'finding', 'sortFindings', 'RULES', 'CODE_TITLES', 'CODES_DOC', 'normalizeRequest', 'resolveFromNamespace', 'indexFor', 'normalizePath',
  'hostCovers', 'resolveHost', 'toResource', 'parseManifests', 'loadManifestFiles', 'expandPaths', 'principalOf', 'escapeMermaid', 'topologyMarkdown',
  'isExportedTo', 'labelsMatch', 'serviceOf', 'workloadOf', 'CLUSTER_DOMAIN', 'INPUT_ERROR',
];

describe('the root export', () => {
  it('holds the constructs, routing types and entry points', () => {
    expect(PUBLIC.filter((name) => !(name in root))).toEqual([]);
  });

  it('holds none of the internal renderers and helpers', () => {
    expect(INTERNAL.filter((name) => name in root)).toEqual([]);
  });
});
