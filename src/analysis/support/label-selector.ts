/**
 * Kubernetes `LabelSelector` (matchLabels + matchExpressions), as metav1.LabelSelectorAsSelector
 * reads it; used for webhook namespace and object selectors.
 */

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

/** Whether `labels` satisfy `selector`; an absent selector matches everything, a malformed one nothing. */
export function labelSelectorMatches(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const expression of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, expression.key);
    const values = expression.values ?? [];
    switch (expression.operator) {
      case 'In': if (!has || !values.includes(labels[expression.key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[expression.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}
