/**
 * `explain <files or dirs...> --from … --host … --path …`: where one request goes, from the
 * manifests alone. Exit 0 whenever the request was explained (whatever the outcome, 404 and 502
 * included); exit 2 for unusable input (bad flags, unknown gateway, unreadable manifests).
 */
import { Command, Option } from 'commander';
import { IstioTrafficError } from '../errors';
import { MeshModel } from '../model';
import { explain, ExplainRequest, explanationToJson, formatExplanation, RequestSource } from '../simulate';
import { environmentFrom, MESH_CONFIG_HELP, REGISTRY_ONLY_HELP, ioOf } from './output';

/** CLI flag errors (the simulator's own request errors are CIT200–CIT216, CIT219, CIT230). */
export const CLI_ERRORS = { badFrom: 'CIT240', badPair: 'CIT241', badPort: 'CIT242' } as const;

interface ExplainOptions {
  readonly from: string;
  readonly host: string;
  readonly port?: string;
  readonly scheme?: string;
  readonly clientCert?: boolean;
  readonly method: string;
  readonly path: string;
  readonly header: string[];
  readonly cookie: string[];
  readonly requestPrincipal?: string;
  readonly sourceIp?: string;
  readonly format: 'text' | 'json';
  readonly registryOnly?: boolean;
  readonly meshConfig?: string;
  readonly defaultIngressGateway: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description('explain where one HTTP request goes: gateway or sidecar, VirtualService rule, destinations with shares, and whether each proxy admits it (AuthorizationPolicy, mTLS)')
    .argument('<paths...>', 'YAML/JSON manifest files or folders (searched recursively)')
    .requiredOption('--from <source>', 'where the request starts: ns/gateway (a Gateway) or ns:label=value,... (a mesh workload)')
    .requiredOption('--host <host>', 'Host header; from a workload a short name resolves in its namespace (cart → cart.<ns>.svc.cluster.local)')
    .option('--port <port>', 'port the request is sent to (default 80, 443 with --scheme https)')
    .option('--scheme <scheme>', 'http, or https: TLS with the host as SNI (a gateway picks its HTTPS/TLS server by it)', 'http')
    .option('--client-cert', 'with --scheme https: the client presents a certificate (tls MUTUAL servers)')
    .option('--method <method>', 'HTTP method', 'GET')
    .requiredOption('--path <path>', 'path, may include ?query; must start with /')
    .option('--header <name=value>', 'request header (repeatable)', collect, [])
    .option('--cookie <name=value>', 'cookie, sent in the cookie header (repeatable)', collect, [])
    .option('--request-principal <iss/sub>', 'the validated JWT principal the request carries (requestPrincipals)')
    .option('--source-ip <ip>', 'the client address at the first proxy (ipBlocks, remoteIpBlocks)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--mesh-config <file>', MESH_CONFIG_HELP)
    .option('--registry-only', REGISTRY_ONLY_HELP)
    .option('--no-default-ingress-gateway', 'do not assume Istio\'s default istio-ingressgateway in istio-system')
    .action((paths: string[], options: ExplainOptions, command: Command) => {
      const io = ioOf(command);
      // Bad flags or input throw IstioTrafficError; runCli prints its one line and exits 2.
      const result = explain(MeshModel.fromFiles(paths, environmentFrom(options)), requestFromFlags(options));
      io.stdout(options.format === 'json' ? `${JSON.stringify(explanationToJson(result), null, 2)}\n` : `${formatExplanation(result)}\n`);
    });
}

/** Turns the flags into a request; throws IstioTrafficError (CIT240–CIT242) for malformed flags. */
export function requestFromFlags(options: Pick<ExplainOptions, 'from' | 'host' | 'port' | 'scheme' | 'clientCert' | 'method' | 'path' | 'header' | 'cookie' | 'requestPrincipal' | 'sourceIp'>): ExplainRequest {
  const port = options.port === undefined ? undefined : Number(options.port);
  if (options.port !== undefined && (!/^\d+$/.test(options.port) || port! < 1 || port! > 65535)) {
    throw new IstioTrafficError(CLI_ERRORS.badPort, '--port', 'the port must be a number from 1 to 65535', options.port, 'pass e.g. --port 80');
  }
  return {
    from: parseFrom(options.from),
    host: options.host,
    port,
    scheme: options.scheme,
    clientCertificate: options.clientCert === true ? true : undefined,
    method: options.method,
    path: options.path,
    headers: parsePairs(options.header, '--header'),
    cookies: options.cookie.length > 0 ? parsePairs(options.cookie, '--cookie') : undefined,
    requestPrincipal: options.requestPrincipal,
    sourceIp: options.sourceIp,
  };
}

/**
 * `ns/name` or `gateway:ns/name` → a Gateway (an Istio Gateway, else a Gateway API Gateway of
 * that name); `ns:k=v,k2=v2` (or `ns:`) → a mesh workload.
 */
export function parseFrom(value: string): RequestSource {
  const gateway = /^gateway:([^/\s:=]+\/[^/\s:=]+)$/.exec(value);
  if (gateway) return { gateway: gateway[1] };
  const colon = value.indexOf(':');
  if (colon > 0) {
    const namespace = value.slice(0, colon);
    const rest = value.slice(colon + 1);
    const labels = rest === '' ? {} : parsePairs(rest.split(','), '--from');
    return { namespace, labels };
  }
  if (/^[^/\s]+\/[^/\s]+$/.test(value)) return { gateway: value };
  throw new IstioTrafficError(CLI_ERRORS.badFrom, '--from', 'the source is neither ns/gateway nor ns:label=value,...', value,
    'write --from istio-system/public for a Gateway, or --from shop:app=frontend for a workload');
}

function parsePairs(pairs: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new IstioTrafficError(CLI_ERRORS.badPair, flag, 'expected name=value', pair, `write ${flag} ${flag === '--from' ? 'ns:app=web' : 'x-user=jason'}`);
    }
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  return out;
}
