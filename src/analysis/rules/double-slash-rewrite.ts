/**
 * CIT121 (this library's lint): a URI-prefix match without a trailing slash rewritten to a URI
 * that ends with one. `rewrite.uri` replaces only the MATCHED PREFIX (Envoy prefix_rewrite,
 * SEMANTICS §4), so prefix `/svc1` with rewrite `/` turns `/svc1/orders` into `//orders`, which
 * most backends route differently or reject. istiod accepts it; this lint warns.
 */
import { MeshModel, Resource } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { arr } from '../support/schema';

export const DOUBLE_SLASH_REWRITE = 'CIT121';

export const doubleSlashRewrite: Rule = {
  code: DOUBLE_SLASH_REWRITE,
  description: 'A prefix rewrite does not produce a double slash (prefix /svc1 + rewrite / gives //x)',
  run(model: MeshModel): Finding[] {
    return model.ofKind('VirtualService').flatMap(doubleSlashesIn);
  },
};

function doubleSlashesIn(vs: Resource): Finding[] {
  const out: Finding[] = [];
  arr(vs.spec.http).forEach((rule: any, i: number) => {
    const rewrite = rule?.rewrite?.uri;
    if (typeof rewrite !== 'string' || !rewrite.endsWith('/')) return;
    arr(rule?.match).forEach((m: any, j: number) => {
      const prefix = m?.uri?.prefix;
      if (typeof prefix !== 'string' || prefix === '' || prefix.endsWith('/')) return;
      const example = `${prefix}/x`;
      const trimmed = rewrite.replace(/\/+$/, '');
      out.push(finding(vs, DOUBLE_SLASH_REWRITE, 'warning',
        `http[${i}].match[${j}] matches prefix "${prefix}" and rewrites it to "${rewrite}", so "${example}" becomes "${rewrite}/x" (a double slash).`,
        trimmed === ''
          ? `match prefix "${prefix}/" instead (with an exact match "${prefix}" beside it if that path must work too)`
          : `rewrite to "${trimmed}", or match prefix "${prefix}/" instead`));
    });
  });
  return out;
}
