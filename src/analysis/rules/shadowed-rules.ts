/**
 * CIT120 (this library's check): an HTTP rule none of whose matches can ever win, because each is
 * taken first by a broader match of an earlier rule — a prefix covering a longer prefix or an
 * exact path (`/api` before `/api/v1`), a regex covering a path (`/api/.*` before `/api/v1`),
 * with the earlier entry's other conditions all implied by the later one's (SEMANTICS §4: the
 * first matching rule wins). istiod reports exact repeats only (IST0130/IST0131,
 * unreachable-rules.ts); rules that IST0130 already reports are left to it. A catch-all entry
 * does not shadow anything in a VirtualService bound to a gateway, where istiod moves catch-all
 * routes after the others.
 */
import { MeshModel, Resource } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { isCatchAll, matchCovers } from '../support/match-coverage';
import { canonicalMatch } from '../support/match-json';
import { arr } from '../support/schema';
import { vsGateways } from '../support/virtualservice';

export const RULE_SHADOWED = 'CIT120';

export const shadowedRules: Rule = {
  code: RULE_SHADOWED,
  description: 'No HTTP rule is swallowed by a broader match of an earlier rule',
  run(model: MeshModel): Finding[] {
    return model.ofKind('VirtualService').flatMap(shadowedIn);
  },
};

interface Earlier {
  readonly rule: number;
  readonly match: number;
  readonly entry: any;
}

function shadowedIn(vs: Resource): Finding[] {
  const gateways = vsGateways(vs);
  const atGateway = gateways.some((g) => g !== 'mesh');
  const rules = arr(vs.spec.http);
  const earlier: Earlier[] = [];
  const out: Finding[] = [];
  for (let i = 0; i < rules.length; i++) {
    const matches = arr(rules[i]?.match);
    // A match-less rule catches everything: what follows is IST0130's.
    if (matches.length === 0) break;
    const covers = matches.map((m) => earlier.find((e) => !(atGateway && isCatchAll(e.entry)) && matchCovers(e.entry, m, vs.namespace, gateways)));
    const repeats = matches.every((m) => earlier.some((e) => canonicalMatch(e.entry) === canonicalMatch(m)));
    if (covers.every((c) => c !== undefined) && !repeats) {
      const by = covers.map((c, j) => `match #${j} by ${ruleLabel(rules, c!.rule)} match #${c!.match}${describe(c!.entry)}`).join('; ');
      const first = Math.min(...covers.map((c) => c!.rule));
      out.push(finding(vs, RULE_SHADOWED, 'warning',
        `VirtualService rule ${ruleLabel(rules, i)} in http is never used: every request it matches is taken first by an earlier, broader match (${by}).`,
        `move http[${i}] before http[${first}], or narrow the earlier match so it no longer covers this rule`));
    }
    matches.forEach((entry, j) => earlier.push({ rule: i, match: j, entry }));
  }
  return out;
}

function ruleLabel(rules: any[], i: number): string {
  const name = rules[i]?.name;
  return typeof name === 'string' && name !== '' ? `${JSON.stringify(name)} (http[${i}])` : `http[${i}]`;
}

function describe(entry: any): string {
  const uri = entry?.uri;
  if (!uri) return '';
  const [kind, value] = Object.entries(uri)[0] ?? [];
  return kind ? ` (uri ${kind} ${value})` : '';
}
