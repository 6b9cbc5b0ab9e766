/** The Kubernetes Deployment lets Prometheus scrape /metrics and stops pods without dropping Slack requests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const ROOT = new URL('../..', import.meta.url).pathname;
const deployment = parseAllDocuments(readFileSync(join(ROOT, 'manifests/k8s/deployment.yaml'), 'utf8'))
  .map((doc) => doc.toJS() as { kind?: string; spec?: Record<string, unknown> })
  .find((doc) => doc.kind === 'Deployment') as {
  spec: {
    template: {
      metadata: { annotations?: Record<string, string> };
      spec: { terminationGracePeriodSeconds: number; containers: Array<Record<string, unknown>> };
    };
  };
};
const main = readFileSync(join(ROOT, 'src/main.ts'), 'utf8');
const constant = (name: string) =>
  Number(new RegExp(`const ${name} = ([\\d_]+);`).exec(main)?.[1]?.replaceAll('_', ''));

describe('manifests/k8s/deployment.yaml: metrics and shutdown', () => {
  const pod = deployment.spec.template;
  const container = pod.spec.containers[0] as {
    ports: Array<{ containerPort: number }>;
    lifecycle?: { preStop?: { exec?: { command?: string[] }; sleep?: { seconds: number } } };
  };

  it('annotates the pods for Prometheus at the container port and /metrics', () => {
    expect(pod.metadata.annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/path': '/metrics',
    });
    expect(Number(pod.metadata.annotations?.['prometheus.io/port'])).toBe(container.ports[0]?.containerPort);
  });

  it('has a preStop delay, and a grace period longer than it plus the app shutdown grace', () => {
    const command = container.lifecycle?.preStop?.exec?.command ?? [];
    const delaySeconds =
      command[0] === 'sleep' ? Number(command[1]) : (container.lifecycle?.preStop?.sleep?.seconds ?? 0);
    expect(delaySeconds).toBeGreaterThan(0);
    expect(constant('SHUTDOWN_GRACE_MS')).toBeGreaterThan(constant('READINESS_DRAIN_MS'));
    expect(pod.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(
      delaySeconds * 1000 + constant('SHUTDOWN_GRACE_MS'),
    );
  });
});
