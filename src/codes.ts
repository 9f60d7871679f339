/**
 * Stable error codes raised by the constructs at construction or synth time. The analysers
 * (`check`) use `IST0xxx` and `CIT1xx`, the simulator `CIT2xx`, input readers `CIT9xx`.
 */
export const ErrorCodes = {
  /** Weights of a split do not add up to 100, or one is negative or not an integer. */
  WEIGHTS: 'CIT001',
  /** A subset or version that the service does not have. */
  UNKNOWN_SUBSET: 'CIT002',
  /** A name that is not a DNS-1123 label. */
  NAME: 'CIT003',
  /** A malformed or over-wide host (`*` on a mesh route, partial wildcards, uppercase, …). */
  HOST: 'CIT004',
  /** A regex that RE2 (Envoy's engine) does not accept. */
  REGEX: 'CIT005',
  /** A URI path that does not start with `/`. */
  PATH: 'CIT006',
  /** The same host, version, server or port name declared twice. */
  DUPLICATE: 'CIT007',
  /** A port outside 1–65535. */
  PORT: 'CIT008',
  /** A route host that none of its gateways' servers accepts. */
  HOST_NOT_SERVED: 'CIT009',
  /** An HTTP rule with no destination, redirect or direct response — or more than one of them. */
  RULE_ACTION: 'CIT010',
  /** A duration that is zero, negative or finer than a millisecond. */
  DURATION: 'CIT011',
  /** A value outside its allowed range (percentages, status codes, retry attempts…). */
  RANGE: 'CIT012',
  /** A header or label name that is not valid. */
  HEADER_NAME: 'CIT013',
  /** Options that cannot be combined. */
  CONFLICT: 'CIT014',
  /** A route bound to another team's gateway that did not admit the route's team. */
  GATEWAY_NOT_ADMITTED: 'CIT015',
  /** A route or call to a service whose owner did not grant the caller access. */
  NOT_GRANTED: 'CIT016',
  /** A public host that another team's gateway already serves. */
  HOST_CLAIMED: 'CIT017',
  /** A namespace that another Team of the same app already owns. */
  NAMESPACE_CLAIMED: 'CIT018',
  /** A pod setting that breaks the mesh or the kubelet (UID 0 or Istio's proxy UID 1337). */
  UNSAFE_POD: 'CIT019',
  /** A feature a team on `TrafficApi.GATEWAY_API` asked for that the Gateway API (v1.5.1 standard, as Istio implements it) cannot express. */
  NO_GATEWAY_API_FORM: 'CIT020',
} as const;
