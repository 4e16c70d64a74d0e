import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../src/config';
import { REPO_ROOT } from './dockerfile';

/**
 * deploy/kubernetes/ as a cluster would take it: kubeconform (scripts/check-k8s-manifests.sh,
 * strict, offline schemas) proves every object is valid for the Kubernetes API; the tests below
 * check what this service needs from them, read from the same files.
 */
const DIR = path.join(REPO_ROOT, 'deploy/kubernetes');
const CHECK = path.join(REPO_ROOT, 'scripts/check-k8s-manifests.sh');

/** The variables whose values are secrets: only ever from a Secret, never from the ConfigMap. */
const SECRET_VARIABLES = ['DATABASE_URL', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'REDIS_URL', 'LIST_CURSOR_KEY'];
/** Secrets read only when the Secret has them (optional secretKeyRef), left out of its placeholders: the previous cursor key exists only during a rotation. */
const OPTIONAL_SECRET_VARIABLES = ['LIST_CURSOR_PREVIOUS_KEY'];

// Loose types: the schemas are kubeconform's business; here only the fields read below.
/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are checked against the schemas by kubeconform, not by these types */
type Manifest = { kind: string; metadata: { name: string }; [key: string]: any };

function manifests(): Manifest[] {
  return fs
    .readdirSync(DIR)
    .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
    .flatMap((file) => parseAllDocuments(fs.readFileSync(path.join(DIR, file), 'utf8')).map((doc) => doc.toJS() as Manifest));
}

function one(kind: string): Manifest {
  const found = manifests().filter((manifest) => manifest.kind === kind);
  expect(found.map((manifest) => manifest.kind)).toEqual([kind]);
  return found[0]!;
}

function check(...targets: string[]): { status: number | null; output: string } {
  const result = spawnSync('bash', [CHECK, ...targets], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const installed = spawnSync('bash', [CHECK, '--installed']).status === 0;
if (!installed && process.env.REQUIRE_KUBECONFORM === '1') throw new Error('REQUIRE_KUBECONFORM=1 but kubeconform is not installed: bash scripts/check-k8s-manifests.sh --install');

(installed ? describe : describe.skip)('deploy/kubernetes against the Kubernetes schemas (kubeconform; CI requires it)', () => {
  let broken: string;
  beforeAll(() => {
    broken = fs.mkdtempSync(path.join(os.tmpdir(), 'patient-service-k8s-'));
  });
  afterAll(() => fs.rmSync(broken, { recursive: true, force: true }));

  /** deployment.yaml with one edit, in a folder of its own. */
  function brokenDeployment(edit: (text: string) => string): string {
    const file = path.join(broken, `deployment-${fs.readdirSync(broken).length}.yaml`);
    const original = fs.readFileSync(path.join(DIR, 'deployment.yaml'), 'utf8');
    const text = edit(original);
    expect(text).not.toEqual(original);
    fs.writeFileSync(file, text);
    return file;
  }

  it('finds every manifest valid, in strict mode', () => {
    const { status, output } = check();
    expect(output).toMatch(/Summary: 9 resources found in 8 files - Valid: 9, Invalid: 0, Errors: 0, Skipped: 0/);
    expect(status).toBe(0);
  });

  it('fails on a field of the wrong type', () => {
    const { status, output } = check(brokenDeployment((text) => text.replace('replicas: 3', 'replicas: "three"')));
    expect(output).toMatch(/Deployment patient-service is invalid.*\/spec\/replicas': got string, want null or integer/);
    expect(status).toBe(1);
  });

  it('fails on a field the API does not have (a typo)', () => {
    const { status, output } = check(brokenDeployment((text) => text.replace('readinessProbe:', 'readynessProbe:')));
    expect(output).toMatch(/additional properties 'readynessProbe' not allowed/);
    expect(status).toBe(1);
  });

  it('fails on an API version Kubernetes does not serve', () => {
    const { status, output } = check(brokenDeployment((text) => text.replace('apiVersion: apps/v1', 'apiVersion: apps/v1beta2')));
    expect(output).toMatch(/could not find schema for Deployment/);
    expect(status).not.toBe(0);
  });
});

describe('deploy/kubernetes: what the service needs from the cluster', () => {
  const deployment = one('Deployment');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  function configMap(name: string): Record<string, string> {
    return manifests().find((manifest) => manifest.kind === 'ConfigMap' && manifest.metadata.name === name)!.data;
  }

  it('runs several replicas, rolled one at a time without going below the wanted count', () => {
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(3);
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: 1 });
  });

  it('probes /health/live (startup, liveness) and /health/ready (readiness) on the API port', () => {
    const http = container.ports.find((port: { name: string }) => port.name === 'http');
    expect(http.containerPort).toBe(Number(configMap('patient-service-config').PORT));
    expect(container.startupProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
  });

  it('gives a pod time to drain: grace period beyond SHUTDOWN_TIMEOUT_MS plus the preStop pause', () => {
    const shutdownSeconds = Number(configMap('patient-service-config').SHUTDOWN_TIMEOUT_MS) / 1000;
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(shutdownSeconds + container.lifecycle.preStop.sleep.seconds);
  });

  it('runs as a non-root user on a read-only root filesystem, without privileges, with bounded resources', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.limits.memory).toMatch(/^\d+Mi$/);
  });

  it('takes every secret from the Secret (secretKeyRef), none from the ConfigMap, and every key of the Secret is used', () => {
    const fromSecret = Object.fromEntries(container.env.filter((env: any) => env.valueFrom?.secretKeyRef).map((env: any) => [env.name, env.valueFrom.secretKeyRef]));
    const secret = one('Secret');
    expect(Object.keys(fromSecret).sort()).toEqual([...SECRET_VARIABLES, ...OPTIONAL_SECRET_VARIABLES].sort());
    for (const name of [...SECRET_VARIABLES, ...OPTIONAL_SECRET_VARIABLES]) expect(fromSecret[name]).toMatchObject({ name: secret.metadata.name, key: name });
    for (const name of OPTIONAL_SECRET_VARIABLES) expect(fromSecret[name].optional).toBe(true);
    for (const name of OPTIONAL_SECRET_VARIABLES) expect(Object.keys(configMap('patient-service-config'))).not.toContain(name);
    expect(Object.keys(secret.stringData).sort()).toEqual([...SECRET_VARIABLES].sort());
    for (const name of SECRET_VARIABLES) expect(Object.keys(configMap('patient-service-config'))).not.toContain(name);
    // Placeholders only: no real credential in git.
    for (const value of Object.values<string>(secret.stringData)) expect(value).toMatch(/CHANGE_ME|^patient-service$/);
  });

  it('is a configuration the service accepts: ConfigMap plus Secret through loadConfig, production, TLS to Kafka and PostgreSQL', () => {
    // The Secret's placeholder key is refused (an unfilled Secret cannot seal with a known key); a real one is accepted.
    expect(() => loadConfig({ ...configMap('patient-service-config'), ...one('Secret').stringData, KAFKA_SSL_CA_FILE: __filename })).toThrow(/LIST_CURSOR_KEY must be 32 random bytes/);
    const env = { ...configMap('patient-service-config'), ...one('Secret').stringData, KAFKA_SSL_CA_FILE: __filename, LIST_CURSOR_KEY: randomBytes(32).toString('base64url') };
    const loaded = loadConfig(env);
    expect(loaded.listCursor.key).toHaveLength(32);
    expect(loaded).toMatchObject({ nodeEnv: 'production', kafkaSecurity: { ssl: true, sasl: { mechanism: 'scram-sha-512' } } });
    expect(new URL(loaded.databaseUrl!).searchParams.get('sslmode')).toBe('verify-full');
    // The CA file the ConfigMap names is where the CA ConfigMap is mounted.
    const mount = container.volumeMounts.find((volume: any) => volume.name === 'kafka-ca');
    expect(configMap('patient-service-config').KAFKA_SSL_CA_FILE).toBe(`${mount.mountPath}/ca.pem`);
  });

  it('keeps /metrics internal: only Prometheus of the monitoring namespace reaches METRICS_PORT, the Service does not expose it', () => {
    const metrics = container.ports.find((port: { name: string }) => port.name === 'metrics');
    expect(metrics.containerPort).toBe(Number(configMap('patient-service-config').METRICS_PORT));
    const policy = one('NetworkPolicy');
    expect(policy.spec.podSelector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(policy.spec.policyTypes).toContain('Ingress');
    const toMetrics = policy.spec.ingress.filter((rule: any) => rule.ports.some((port: any) => port.port === 'metrics' || port.port === metrics.containerPort));
    expect(toMetrics).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }], ports: [{ port: 'metrics', protocol: 'TCP' }] },
    ]);
    expect(one('Service').spec.ports.map((port: any) => port.targetPort)).toEqual(['http']);
  });

  it('has a disruption budget and an autoscaler that keep at least the replicas of the Deployment', () => {
    const pdb = one('PodDisruptionBudget');
    expect(pdb.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(pdb.spec.maxUnavailable).toBe(1);
    const hpa = one('HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(deployment.spec.replicas);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
  });
});
