import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * README's "Run it in your deployment system" (issue 13's Done-when): a short, copyable block per
 * system and the RBAC it needs, every recipe path it names shipped, the RBAC block the very Role
 * the recipes bind.
 */
const ROOT = resolve(import.meta.dirname, '../..');

async function section(): Promise<string> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const found = /^## Run it in your deployment system\n([\s\S]*?)^## /m.exec(readme)?.[1];
  if (!found) throw new Error('README has no "## Run it in your deployment system" section');
  return found;
}

/** The section's paragraphs that open with a bold system name, each with the fenced blocks up to the next one. */
function systems(text: string): Map<string, { lead: string; blocks: string[] }> {
  const out = new Map<string, { lead: string; blocks: string[] }>();
  for (const part of text.split(/^(?=\*\*)/m).slice(1)) {
    const name = /^\*\*(.+?)\*\*/.exec(part)![1]!;
    out.set(name, { lead: part.split('```')[0]!, blocks: [...part.matchAll(/^```\w*\n([\s\S]*?)^```$/gm)].map((m) => m[1]!) });
  }
  return out;
}

describe('README: Run it in your deployment system', () => {
  it('has a copyable block and the RBAC for every system the issue names', async () => {
    const found = systems(await section());
    // System → something its block must hold, so the block really is that system's.
    const expected: Record<string, RegExp> = {
      'Any pipeline': /smokeguard run --wait-for-rollout/,
      'Kubernetes Job': /kubectl apply -k node_modules\/smokeguard\/deploy\/kubernetes\/base/,
      'Helm hook': /overlays\/helm-hook/,
      'Argo CD PostSync hook': /overlays\/argocd-postsync/,
      'The `smoke-tests` sidecar': /kubectl logs -f deploy\/django -c smoke-tests -n prod/,
      'Argo Rollouts': /templateName: smokeguard-job/,
      Flagger: /\/api\/v1\/flagger/,
      'The dashboard and webhooks': /kubectl port-forward svc\/monitoring 3000:3000 -n monitoring/,
      'GitHub Actions': /uses: smokeguard\/smokeguard@v\d/,
      'Container image': /docker build -f deploy\/docker\/Dockerfile/,
      make: /make -f node_modules\/smokeguard\/deploy\/make\/Makefile smoke-tests --environment prod/,
    };
    for (const [name, pattern] of Object.entries(expected)) {
      const system = found.get(name);
      expect(system, `no paragraph for ${name}`).toBeDefined();
      expect(system!.blocks.join('\n'), name).toMatch(pattern);
      expect(system!.lead, `${name} says what access it needs`).toMatch(/RBAC: /);
    }
  });

  it('shows the RBAC as the Role the recipes bind, verb for verb', async () => {
    const rbac = systems(await section()).get('RBAC.');
    const shown = parse(rbac!.blocks[0]!) as { rules: unknown };
    const role = parse(await readFile(join(ROOT, 'deploy/kubernetes/base/role.yaml'), 'utf8')) as { rules: unknown };
    expect(shown.rules).toEqual(role.rules);
  });

  it('names only recipe paths that exist, and inputs the action has', async () => {
    const text = await section();
    // Recipe paths (not `deploy/django`, a kubectl resource; not `deploy/smokeguard`, the user's own copy).
    const paths = [...text.matchAll(/(?<!test\/)\b(deploy\/(?:kubernetes|docker|make)[\w./-]*)/g)].map((m) => m[1]!.replace(/[.]$/, ''));
    expect(paths.length).toBeGreaterThan(8);
    expect(paths.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
    const action = parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
    const withBlock = /with: \{ (.+) \}/.exec(systems(text).get('GitHub Actions')!.blocks[0]!)![1]!;
    const inputs = [...withBlock.matchAll(/([\w-]+): /g)].map((m) => m[1]!);
    expect(inputs.filter((i) => !(i in action.inputs))).toEqual([]);
  });

  it('says what is tested here and what cannot be (no cluster, Helm, Docker or registry)', async () => {
    const tested = systems(await section()).get('Tested as far as this machine allows.');
    expect(tested?.lead).toMatch(/no Kubernetes cluster, Helm, Argo, Flagger,\s+Docker, GitHub runner or registry here/);
    for (const file of tested!.lead.matchAll(/\]\((test\/[^)]+)\)/g)) expect(existsSync(join(ROOT, file[1]!)), file[1]).toBe(true);
  });
});
