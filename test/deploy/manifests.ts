import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { KUBECTL } from '../rollback/harness.js';

export const run = promisify(execFile);
export const KUSTOMIZE_ROOT = join(import.meta.dirname, '../../deploy/kubernetes');

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  [key: string]: unknown;
}

/** `kubectl kustomize DIR`, parsed: what a user's `kubectl apply -k` would send. */
export async function render(dir: string): Promise<Manifest[]> {
  const { stdout } = await run(KUBECTL, ['kustomize', join(KUSTOMIZE_ROOT, dir)], { timeout: 20_000 });
  return parseAllDocuments(stdout).map((d) => d.toJSON() as Manifest);
}

export function find(manifests: Manifest[], kind: string, name?: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  if (!found) throw new Error(`no ${kind}${name ? ` ${name}` : ''} in ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
  return found;
}

/** A path into a manifest, e.g. at(job, 'spec.template.spec.containers.0'). */
export function at<T = unknown>(obj: unknown, path: string): T {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj) as T;
}
