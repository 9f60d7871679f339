/**
 * Routing test files from jest (`cdk8s-istio-traffic/testing`): the same files as the CLI, on a
 * cdk8s App, synth output or manifest paths; expectRoutingFile throws the text report.
 */
import * as path from 'path';
import { expectRoutingFile, testRoutingFile } from '../../src/testing';
import { buildExample, synthObjects } from '../support/examples';

const ROUTING = path.join(__dirname, '..', 'fixtures', 'routing-tests');

describe('testRoutingFile', () => {
  it('runs seed 000\'s test files, both formats, on the cdk8s App itself', () => {
    const report = testRoutingFile([path.join(ROUTING, 'three-teams')], buildExample('three-teams'));
    expect(report).toMatchObject({ passed: 9, failed: 0, requests: 14 });
  });

  it('takes Testing.synth output and manifest paths too', () => {
    expect(testRoutingFile(path.join(ROUTING, 'three-teams', 'routing.yaml'), synthObjects(buildExample('three-teams'))).failed).toBe(0);
    expect(testRoutingFile(path.join(ROUTING, 'icv'), path.join(ROUTING, 'manifests')).passed).toBe(6);
  });

  it('expectRoutingFile throws the report, with the trace, when a test fails', () => {
    expect(() => expectRoutingFile(path.join(ROUTING, 'failing', 'wrong_test.yml'), [path.join(ROUTING, 'manifests')]))
      .toThrow(/FAIL Everyone goes to the users service[\s\S]*hop 1: gateway/);
    expect(expectRoutingFile(path.join(ROUTING, 'icv'), path.join(ROUTING, 'manifests')).failed).toBe(0);
  });
});
