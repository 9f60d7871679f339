/** One line for a test request, as the reports print it: `GET example.com/users from gateway ns/gw {x-user: a}`. */
import { isGatewaySource } from '../../simulate/request';
import { ExplainRequest } from '../../simulate/types';

export function describeRequest(r: ExplainRequest): string {
  const from = isGatewaySource(r.from)
    ? `gateway ${r.from.gateway}`
    : `workload in ${r.from.namespace}${r.from.labels && Object.keys(r.from.labels).length > 0 ? ` {${Object.entries(r.from.labels).map(([k, v]) => `${k}=${v}`).join(',')}}` : ''}`;
  const scheme = r.scheme ? `${r.scheme}://` : '';
  const port = r.port !== undefined ? ` port ${r.port}` : '';
  const headers = r.headers && Object.keys(r.headers).length > 0 ? ` {${Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`).join(', ')}}` : '';
  return `${r.method ?? 'GET'} ${scheme}${r.host}${r.path}${port} from ${from}${headers}`;
}
