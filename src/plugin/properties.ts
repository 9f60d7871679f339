/**
 * The `properties:` of the validation plugin in cdk8s.yaml, checked when cdk8s-cli loads it.
 *
 * cdk8s-cli passes the YAML mapping to the constructor as is, so a misspelt key (`failon`) or
 * value (`failOn: warnings`) would otherwise be ignored and the synth pass where the user asked
 * it to fail. Every key and value is therefore checked against what the plugin understands.
 */
import type { Severity } from '../analysis';
import { IstioTrafficError, renderValue } from '../errors';

/** Thrown for a `properties:` key or value the plugin does not understand. */
export const PLUGIN_PROPERTIES_ERROR = 'CIT905';

/** Where the error says the problem is: the plugin's entry in cdk8s.yaml. */
const WHERE = 'cdk8s.yaml validations[IstioTrafficValidation].properties';

interface PropertyRule {
  /** The allowed values, as written in cdk8s.yaml. */
  readonly allowed: readonly (string | boolean)[];
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

const RULES: Record<string, PropertyRule> = {
  failOn: { allowed: SEVERITIES },
  includeInfo: { allowed: [true, false] },
  outboundTrafficPolicy: { allowed: ['ALLOW_ANY', 'REGISTRY_ONLY'] },
  defaultIngressGateway: { allowed: [true, false] },
};

/** The property names the plugin reads, for messages and tests. */
export const PLUGIN_PROPERTY_NAMES: readonly string[] = Object.keys(RULES);

/** Throws CIT905 naming the allowed keys or values when `properties` holds anything else. */
export function checkPluginProperties(properties: unknown): void {
  if (properties === undefined || properties === null) return;
  if (typeof properties !== 'object' || Array.isArray(properties)) {
    throw new IstioTrafficError(PLUGIN_PROPERTIES_ERROR, WHERE, 'properties must be a mapping', properties,
      `write properties as a mapping of ${PLUGIN_PROPERTY_NAMES.join(', ')}`);
  }
  for (const [key, value] of Object.entries(properties)) {
    const rule = RULES[key];
    if (!rule) {
      const near = PLUGIN_PROPERTY_NAMES.find((name) => name.toLowerCase() === key.toLowerCase());
      throw new IstioTrafficError(PLUGIN_PROPERTIES_ERROR, `${WHERE}.${key}`, 'unknown property', key,
        `${near ? `write ${near}; ` : ''}the properties are ${PLUGIN_PROPERTY_NAMES.join(', ')}`);
    }
    if (value !== undefined && !rule.allowed.includes(value as string | boolean)) {
      throw new IstioTrafficError(PLUGIN_PROPERTIES_ERROR, `${WHERE}.${key}`, `${key} must be one of ${rule.allowed.map(renderValue).join(', ')}`,
        value, `set ${key} to one of ${rule.allowed.map((v) => String(v)).join(', ')}`);
    }
  }
}
