/**
 * The cdk8s validation plugin: `cdk8s synth` hands it the synthesised manifest files, it runs
 * `check` on them and fails the synth when there are errors (cdk8s-cli prints the report and
 * exits 2). Loaded by cdk8s-cli's PluginManager from the `validations:` key of cdk8s.yaml.
 *
 * The cdk8s-cli types are mirrored structurally so the library does not depend on cdk8s-cli.
 */
import { check, codeReference, codeTitle, Finding, Severity } from '../analysis';
import { IstioTrafficError } from '../errors';
import { describeResource, MeshEnvironment, MeshModel } from '../model';
import { checkPluginProperties } from './properties';
import { ReportedNames } from './resource-names';

/** The parts of cdk8s-cli's `ValidationContext` the plugin uses. */
export interface ValidationContextLike {
  readonly manifests: readonly string[];
  /** construct-metadata.json as cdk8s-cli read it: construct paths keyed by resource name. */
  readonly metadata?: Readonly<Record<string, { readonly path: string }>>;
  readonly report: {
    addViolation(violation: {
      ruleName: string;
      recommendation: string;
      fix: string;
      violatingResources: Array<{ resourceName: string; locations: string[]; manifestPath: string }>;
    }): void;
    submit(status: 'success' | 'failure', metadata?: Record<string, string>): void;
  };
  readonly logger: { log(message: string): void };
}

/** `properties:` of the plugin in cdk8s.yaml. */
export interface IstioTrafficValidationProps {
  /** Lowest severity that fails the synth. @default 'error' */
  readonly failOn?: Severity;
  /** Report info findings too (they never fail). @default false */
  readonly includeInfo?: boolean;
  /** Mesh-wide outbound policy of the target cluster. @default 'ALLOW_ANY' */
  readonly outboundTrafficPolicy?: string;
  /** Whether the cluster runs Istio's default istio-ingressgateway. @default true */
  readonly defaultIngressGateway?: boolean;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export class IstioTrafficValidation {
  private readonly props: IstioTrafficValidationProps;

  /**
   * @param props the `properties:` of the plugin's entry in cdk8s.yaml; an unknown key or value
   * throws CIT905 naming the allowed ones (cdk8s-cli would otherwise pass it on silently)
   */
  constructor(props: IstioTrafficValidationProps = {}) {
    checkPluginProperties(props);
    this.props = props;
  }

  public async validate(context: ValidationContextLike): Promise<void> {
    const environment: MeshEnvironment = {
      ...(this.props.outboundTrafficPolicy ? { outboundTrafficPolicy: this.props.outboundTrafficPolicy } : {}),
      ...(this.props.defaultIngressGateway !== undefined ? { defaultIngressGateway: this.props.defaultIngressGateway } : {}),
    };
    let findings: Finding[];
    let model: MeshModel;
    try {
      model = MeshModel.fromFiles(context.manifests, environment);
      findings = check(model);
    } catch (e) {
      if (!(e instanceof IstioTrafficError)) throw e;
      context.report.addViolation({
        ruleName: codeTitle(e.code),
        recommendation: e.message,
        fix: `${e.fix} (see ${codeReference(e.code)})`,
        violatingResources: [{ resourceName: e.where, locations: [e.where], manifestPath: e.where.split(':')[0] }],
      });
      context.report.submit('failure', { errors: '1' });
      return;
    }
    const failOn = RANK[this.props.failOn ?? 'error'];
    const names = new ReportedNames(model.resources, context.metadata ?? {});
    const reported = findings.filter((f) => this.props.includeInfo || f.severity !== 'info');
    for (const [key, group] of groupBy(reported, (f) => `${f.code}\u0000${f.severity}`)) {
      const [code, severity] = key.split('\u0000');
      context.report.addViolation({
        ruleName: `${codeTitle(code)} (${severity})`,
        recommendation: group.length === 1 ? group[0].message : `${group.length} ${severity}s: see each location; every message ends with its fix`,
        // IST codes link to Istio's analysis reference, CIT codes to their docs/codes.md anchor.
        fix: `see ${codeReference(code)}`,
        violatingResources: group.map((f) => ({
          resourceName: names.of(f),
          locations: [`${describeResource(f)}: ${f.message}`],
          manifestPath: f.source?.file ?? '',
        })),
      });
    }
    const count = (s: Severity) => String(findings.filter((f) => f.severity === s).length);
    const failed = findings.some((f) => RANK[f.severity] <= failOn);
    context.report.submit(failed ? 'failure' : 'success', { errors: count('error'), warnings: count('warning'), info: count('info') });
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    map.set(k, [...(map.get(k) ?? []), item]);
  }
  return map;
}
