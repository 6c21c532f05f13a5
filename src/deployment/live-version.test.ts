import type { V1Deployment } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTAINER, imageUnderTest, liveVersion } from './live-version.js';

/** A Deployment whose pods run the app beside a smoke-tests sidecar listed first (as kustomize renders the sidecar overlay). */
const withSidecar = (annotations?: Record<string, string>): V1Deployment => ({
  metadata: { name: 'django', annotations: { 'deployment.kubernetes.io/revision': '4' } },
  spec: {
    selector: { matchLabels: { app: 'django' } },
    template: {
      metadata: { labels: { app: 'django' }, ...(annotations ? { annotations } : {}) },
      spec: { containers: [{ name: 'smoke-tests', image: 'ghcr.io/smokeguard/smokeguard:0.1.0' }, { name: 'django', image: 'django:v1.23.0' }] },
    },
  },
});

describe('the version under test, from what is live', () => {
  it('liveVersion reads the revision, every image, and the pod\'s default container when it names one of them', () => {
    expect(liveVersion(withSidecar({ [DEFAULT_CONTAINER]: 'django' }), undefined)).toEqual({
      revision: '4',
      images: { 'smoke-tests': 'ghcr.io/smokeguard/smokeguard:0.1.0', django: 'django:v1.23.0' },
      defaultContainer: 'django',
    });
    // An annotation naming no container of the pod is no answer.
    expect(liveVersion(withSidecar({ [DEFAULT_CONTAINER]: 'web' }), undefined).defaultContainer).toBeUndefined();
  });

  it('imageUnderTest: a named container first, then the default container, then the first container', () => {
    const images = { 'smoke-tests': 'ghcr.io/smokeguard/smokeguard:0.1.0', django: 'django:v1.23.0' };
    expect(imageUnderTest(images, [], 'django')).toBe('django:v1.23.0');
    expect(imageUnderTest(images, ['smoke-tests'], 'django')).toBe('ghcr.io/smokeguard/smokeguard:0.1.0');
    expect(imageUnderTest(images, [])).toBe('ghcr.io/smokeguard/smokeguard:0.1.0');
    expect(imageUnderTest(undefined, [], 'django')).toBeUndefined();
  });
});
