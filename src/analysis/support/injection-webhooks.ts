/**
 * The sidecar injector's MutatingWebhooks: those in the input (webhook names ending `istio.io`,
 * as injection.ImageAutoAnalyzer picks them), else the four a default install serves through
 * the `istio-revision-tag-default` MutatingWebhookConfiguration (istio-discovery chart,
 * revision `default`, enableNamespacesByDefault=false).
 */
import { MeshModel } from '../../model';
import { LabelSelector } from './label-selector';

export interface InjectionWebhook {
  readonly name: string;
  readonly namespaceSelector?: LabelSelector;
  readonly objectSelector?: LabelSelector;
}

const NOT_DISABLED = { key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] };
const NO_INJECTION_LABEL = { key: 'istio-injection', operator: 'DoesNotExist' };
const NO_REVISION = { key: 'istio.io/rev', operator: 'DoesNotExist' };

export const DEFAULT_INJECTION_WEBHOOKS: readonly InjectionWebhook[] = [
  { name: 'rev.namespace.sidecar-injector.istio.io', namespaceSelector: { matchExpressions: [{ key: 'istio.io/rev', operator: 'In', values: ['default'] }, NO_INJECTION_LABEL] }, objectSelector: { matchExpressions: [NOT_DISABLED] } },
  { name: 'rev.object.sidecar-injector.istio.io', namespaceSelector: { matchExpressions: [NO_REVISION, NO_INJECTION_LABEL] }, objectSelector: { matchExpressions: [NOT_DISABLED, { key: 'istio.io/rev', operator: 'In', values: ['default'] }] } },
  { name: 'namespace.sidecar-injector.istio.io', namespaceSelector: { matchLabels: { 'istio-injection': 'enabled' } }, objectSelector: { matchExpressions: [NOT_DISABLED] } },
  { name: 'object.sidecar-injector.istio.io', namespaceSelector: { matchExpressions: [NO_INJECTION_LABEL, NO_REVISION] }, objectSelector: { matchExpressions: [{ key: 'sidecar.istio.io/inject', operator: 'In', values: ['true'] }, NO_REVISION] } },
];

/** The Istio injection webhooks the cluster will have. */
export function injectionWebhooks(model: MeshModel): readonly InjectionWebhook[] {
  const declared = model.ofKind('MutatingWebhookConfiguration')
    .flatMap((config) => (Array.isArray(config.object.webhooks) ? config.object.webhooks : []))
    .filter((webhook: any) => typeof webhook?.name === 'string' && webhook.name.endsWith('istio.io'));
  return declared.length > 0 ? declared : DEFAULT_INJECTION_WEBHOOKS;
}
