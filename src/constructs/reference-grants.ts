/**
 * The ReferenceGrants of one service on the Gateway API, written from its owner's grants only:
 * for every granted caller namespace other than the service's own, one ReferenceGrant in the
 * service's namespace lets that namespace's routes (HTTPRoute, and TLSRoute when the service has
 * TLS ports) name the shared Service and every per-version Service as a backend. A route of
 * another namespace can never grant itself access: without the owner's grant, istiod reports the
 * backend `RefNotPermitted` and sends it no traffic.
 * istiod: conversion.go convertReferencePolicies / BackendAllowed.
 * @see https://gateway-api.sigs.k8s.io/api-types/referencegrant/
 */
import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ReferenceGrant } from '../../imports/gateway.networking.k8s.io';
import { GATEWAY_API_GROUP } from './gateway-api-gateway';
import { metadataFor } from './labels';

/**
 * What the grants need to know of the service.
 * @internal
 */
export interface ReferenceGrantTarget {
  readonly name: string;
  readonly namespace: string;
  /** The shared Service first, then one per version (read at synth, so later versions count). */
  serviceNames(): string[];
  /** Whether TLS routes may send to it (it has TLS or HTTPS ports). */
  readonly hasTlsPorts: boolean;
}

export class ServiceReferenceGrants {
  private readonly namespaces = new Set<string>();

  constructor(private readonly scope: Construct, private readonly target: ReferenceGrantTarget) {}

  /** Routes of `namespace` may reference the service (its owner granted a caller there). */
  public admitRoutesFrom(namespace: string): void {
    if (namespace === this.target.namespace || this.namespaces.has(namespace)) return;
    this.namespaces.add(namespace);
    const kinds = ['HTTPRoute', ...(this.target.hasTlsPorts ? ['TLSRoute'] : [])];
    new ReferenceGrant(this.scope, `ReferenceGrant-${namespace}`, {
      metadata: metadataFor(`${this.target.name}-from-${namespace}`, this.target.namespace),
      spec: {
        from: kinds.map((kind) => ({ group: GATEWAY_API_GROUP, kind, namespace })),
        to: Lazy.any({ produce: () => this.target.serviceNames().map((name) => ({ group: '', kind: 'Service', name })) }) as any,
      },
    });
  }
}
