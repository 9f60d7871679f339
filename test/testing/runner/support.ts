/** Paths of the routing-test fixtures and the seed-000 manifests, synthesised in memory. */
import * as path from 'path';
import { MeshModel } from '../../../src/model/mesh-model';
import { buildExample, synthObjects } from '../../support/examples';

export const ROUTING = path.join(__dirname, '..', '..', 'fixtures', 'routing-tests');
export const fixture = (...parts: string[]) => path.join(ROUTING, ...parts);
export const exampleModel = () => MeshModel.fromFiles([fixture('manifests')]);
export const threeTeamsObjects = () => synthObjects(buildExample('three-teams'));
