/** The linear, atomic synth path: `MeshApp`. */
export * from './mesh-app';
export type { SynthesizedFile } from './file-plan';
