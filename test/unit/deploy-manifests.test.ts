/**
 * The deploy manifests (manifests/Dockerfile, manifests/docker-compose.yaml with manifests/nginx.conf, and
 * manifests/k8s/*.yaml), checked statically: nothing here builds an image or talks to Docker or Kubernetes.
 *
 * What the app expects is derived from src/, not restated: the environment variable names loadConfig reads
 * (observed through a Proxy, as in env-example.test.ts), which of them are required (removing one from the
 * complete .env.example makes loadConfig report it as required), the default port, and the shutdown grace period
 * of src/main.ts. Each validator returns a list of problems; the last block feeds broken variants to each one, so
 * these tests can fail.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { type Config, loadConfig, parseDuration } from '../../src/config.js';
import { filledIn, namesReadBy, placeholdersIn, problemsOf } from '../helpers/config-vars.js';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const MANIFESTS = join(ROOT, 'manifests');
const K8S = join(MANIFESTS, 'k8s');

// ---------------------------------------------------------------------------------------------------------
// Reading untyped YAML without `any`
// ---------------------------------------------------------------------------------------------------------

type Dict = Record<string, unknown>;

/** True for a plain mapping (not an array, not null). */
function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path` inside nested mappings and sequences, or undefined when any step is missing. */
function at(value: unknown, ...path: Array<string | number>): unknown {
  let node = value;
  for (const step of path) {
    if (typeof step === 'number') node = Array.isArray(node) ? (node[step] as unknown) : undefined;
    else node = isDict(node) ? node[step] : undefined;
  }
  return node;
}

/** `value` as a mapping; a fresh empty one when it is not a mapping. */
function dict(value: unknown): Dict {
  return isDict(value) ? value : {};
}

/** `value` as a sequence; empty when it is not a sequence. */
function list(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/** `value` when it is a string, else undefined. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Parses a YAML stream (one or more `---` documents) with merge keys (`<<: *anchor`) enabled, as Compose does.
 * @returns the documents as plain JS, and every parse error or warning as a line
 */
function parseYaml(source: string): { docs: unknown[]; errors: string[] } {
  const documents = parseAllDocuments(source, { merge: true, prettyErrors: false });
  if (!Array.isArray(documents)) return { docs: [], errors: ['not a YAML stream'] };
  const errors = documents.flatMap((doc) =>
    [...doc.errors, ...doc.warnings].map((problem) => `${problem.code}: ${problem.message}`),
  );
  return { docs: documents.filter((doc) => doc.contents !== null).map((doc) => doc.toJS() as unknown), errors };
}

/** Reads and parses a YAML file of the repository, failing the test on any error or warning. */
function readYaml(path: string): unknown[] {
  const { docs, errors } = parseYaml(readFileSync(path, 'utf8'));
  expect(errors, path).toEqual([]);
  return docs;
}

// ---------------------------------------------------------------------------------------------------------
// What the app expects, derived from src/
// ---------------------------------------------------------------------------------------------------------

/** The per-process cap on CloudMonitor calls per second. */
const CMS_RATE = 'CMS_CALLS_PER_SECOND';

/** What the manifests are checked against; every field is derived from src/ (and .env.example). */
interface AppFacts {
  /** Every variable name loadConfig reads. */
  names: ReadonlySet<string>;
  /** The ones whose absence loadConfig reports as required. */
  required: readonly string[];
  /** Names that hold credentials: they belong in a Secret, never in a ConfigMap or an image. */
  secrets: readonly string[];
  /** The Socket Mode token: set, the bot has no HTTP server, so it must stay unset in these HTTP deployments. */
  socketModeToken: string;
  /** A complete, valid environment: .env.example (placeholders filled in), which env-example.test.ts keeps in line with loadConfig. */
  example: Readonly<Record<string, string>>;
  /** The port the app listens on when PORT is unset. */
  defaultPort: number;
  /** How long src/main.ts lets a graceful stop take before it exits anyway, ms. */
  shutdownGraceMs: number;
  /** The Node flags package.json's "start" script gives dist/main.js (`node <flags> dist/main.js`). */
  startFlags: readonly string[];
  /**
   * The highest CMS_CALLS_PER_SECOND loadConfig accepts (CloudMonitor's own limit per API per account). The
   * setting is a per-process throttle, so replicas × setting must stay within it.
   */
  cmsCallsLimit: number;
  /** The Node.js major the project runs on: .nvmrc (package.json's engines.node must say `>=` it). */
  nodeMajor: number;
}

/** Collects {@link AppFacts} from src/config.ts (by calling loadConfig), .env.example and src/main.ts. */
function appFacts(): AppFacts {
  // Filled in as a person would: loadConfig refuses .env.example's placeholders (env-example.test.ts).
  const example = filledIn(parseDotenv(readFileSync(join(ROOT, '.env.example'), 'utf8')));
  const names = new Set([...namesReadBy({ ...example }), ...namesReadBy({})]);
  const required = [...names].filter((name) => {
    const without: NodeJS.ProcessEnv = { ...example };
    delete without[name];
    return problemsOf(without).some((line) => line.startsWith(`${name}: required`));
  });
  const withoutPort: NodeJS.ProcessEnv = { ...example };
  delete withoutPort.PORT;
  let cmsCallsLimit = 0;
  while (cmsCallsLimit < 1000 && problemsOf({ ...example, [CMS_RATE]: String(cmsCallsLimit + 1) }).length === 0)
    cmsCallsLimit += 1;
  const grace = /const SHUTDOWN_GRACE_MS = ([\d_]+);/.exec(readFileSync(join(ROOT, 'src/main.ts'), 'utf8'))?.[1];
  return {
    names,
    required,
    secrets: [...names].filter((name) => /TOKEN|SECRET|ACCESS_KEY/.test(name)),
    socketModeToken: 'SLACK_APP_TOKEN',
    example,
    defaultPort: loadConfig(withoutPort).port,
    shutdownGraceMs: grace === undefined ? Number.NaN : Number(grace.replaceAll('_', '')),
    cmsCallsLimit,
    startFlags: startScriptFlags(),
    nodeMajor: Number.parseInt(readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim(), 10),
  };
}

/** The flags between `node` and `dist/main.js` in package.json's "start" script; throws if it has another shape. */
function startScriptFlags(): string[] {
  const start =
    (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts
      ?.start ?? '';
  const match = /^node((?:\s+--[\w-]+(?:=\S+)?)*)\s+dist\/main\.js$/.exec(start);
  if (!match) throw new Error(`package.json "start" is not "node [--flags] dist/main.js": ${start}`);
  return (match[1] ?? '').trim().split(/\s+/).filter(Boolean);
}

/** loadConfig's result for `env`, or its problem lines. */
function tryConfig(env: NodeJS.ProcessEnv): { config?: Config; problems: readonly string[] } {
  const problems = problemsOf(env);
  return problems.length > 0 ? { problems } : { config: loadConfig(env), problems };
}

/** A value that could be a real credential rather than a placeholder. */
function looksLikeRealSecret(value: string): boolean {
  if (!/your-|REPLACE|CHANGE[-_]?ME|example/i.test(value)) return true;
  // Real Slack tokens are xox?-<digits>-…, app tokens xapp-<digit>-…; real AccessKey IDs start with LTAI.
  return /xox[a-z]-\d+-|xapp-\d-|LTAI[0-9A-Za-z]{8,}/.test(value);
}

// ---------------------------------------------------------------------------------------------------------
// Docker Compose
// ---------------------------------------------------------------------------------------------------------

/** A Compose `environment` (mapping or `KEY=value` list) as a mapping; `KEY:` with no value is left out. */
function composeEnv(value: unknown): Record<string, string> {
  const env: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      const [key, ...rest] = String(item).split('=');
      if (key && rest.length > 0) env[key] = rest.join('=');
    }
  } else {
    for (const [key, item] of Object.entries(dict(value)))
      if (item !== null && item !== undefined) env[key] = String(item);
  }
  return env;
}

/**
 * A healthcheck's `test` as one string (list or string form); '' when it is missing or any list item is not a
 * string (an unquoted `a ? b : c` in YAML becomes a mapping, and Compose would reject the file).
 */
function healthcheckCommand(service: unknown): string {
  const test = at(service, 'healthcheck', 'test');
  if (typeof test === 'string') return test;
  const items = list(test);
  return items.every((item) => typeof item === 'string') ? items.join(' ') : '';
}

/** Files bind-mounted into a service from the host (short `./a:/b[:ro]` or long `{type: bind, source}` syntax). */
function bindMountSources(service: unknown): string[] {
  return list(at(service, 'volumes')).flatMap((volume) => {
    const source =
      typeof volume === 'string'
        ? volume.split(':')[0]
        : at(volume, 'type') === 'bind'
          ? text(at(volume, 'source'))
          : undefined;
    return source !== undefined && /^[./]/.test(source) ? [source] : [];
  });
}

/**
 * Checks docker-compose.yaml: a Redis with a health check and no published port; at least two bot services built
 * from manifests/Dockerfile with the repository root as context, env_file ../.env, overrides naming only variables
 * loadConfig reads, a shared redis:// STORE_URL, HTTP mode, a /readyz health check on their port, waiting for a
 * healthy Redis, restarting, a stop grace period longer than the app's, and CloudMonitor calls per second that stay
 * within CloudMonitor's limit when added up over the replicas; and a load balancer, the only service
 * publishing a port, whose mounted config routes to every bot.
 * @param compose the parsed file
 * @param facts what the app expects
 * @param composeDir the folder relative paths are resolved from (the compose file's)
 * @returns one line per problem; [] when the file is fine
 */
function composeProblems(compose: unknown, facts: AppFacts, composeDir = MANIFESTS): string[] {
  const problems: string[] = [];
  const services = dict(at(compose, 'services'));
  const names = Object.keys(services);
  const redis = names.filter((name) => /^redis(:|$)/.test(text(at(services[name], 'image')) ?? ''));
  const bots = names.filter((name) => at(services[name], 'build') !== undefined);
  if (redis.length !== 1) problems.push(`expected one redis service, found ${redis.length}`);
  if (bots.length < 2)
    problems.push(`expected at least 2 bot services (built from manifests/Dockerfile), found ${bots.length}`);
  const redisName = redis[0] ?? 'redis';
  const redisService = services[redisName];
  if (!/\bping\b/.test(healthcheckCommand(redisService)))
    problems.push(`${redisName}: no healthcheck running redis-cli ping`);

  const botPorts = new Map<string, number>();
  for (const name of bots) {
    const service = services[name];
    const build = at(service, 'build');
    const context = typeof build === 'string' ? build : (text(at(build, 'context')) ?? '.');
    const dockerfile = text(at(build, 'dockerfile')) ?? 'Dockerfile';
    if (resolve(composeDir, context) !== ROOT)
      problems.push(`${name}: build context ${context} is not the repository root`);
    if (!existsSync(resolve(composeDir, context, dockerfile)))
      problems.push(`${name}: dockerfile ${dockerfile} not found`);
    const envFiles = [at(service, 'env_file')].flat().map((entry) => (isDict(entry) ? text(entry.path) : text(entry)));
    if (!envFiles.some((file) => file !== undefined && resolve(composeDir, file) === join(ROOT, '.env'))) {
      problems.push(`${name}: env_file is not the repository's .env`);
    }
    const overrides = composeEnv(at(service, 'environment'));
    for (const key of Object.keys(overrides)) {
      if (!facts.names.has(key)) problems.push(`${name}: environment variable ${key} is not read by loadConfig`);
    }
    for (const key of facts.secrets) {
      if (overrides[key]) problems.push(`${name}: ${key} is a credential: keep it in .env, not in the compose file`);
    }
    // What the container sees: .env (here the complete .env.example) overridden by `environment`.
    const { config, problems: invalid } = tryConfig(filledIn({ ...facts.example, ...overrides }));
    if (!config) {
      problems.push(...invalid.map((line) => `${name}: invalid configuration: ${line}`));
      continue;
    }
    botPorts.set(name, config.port);
    if (!/^rediss?:\/\//.test(config.storeUrl))
      problems.push(`${name}: STORE_URL must be redis://… shared by the replicas, not ${config.storeUrl}`);
    else if (new URL(config.storeUrl).hostname !== redisName)
      problems.push(`${name}: STORE_URL does not point at the ${redisName} service`);
    if (config.slack.appToken !== undefined)
      problems.push(`${name}: ${facts.socketModeToken} must be overridden to "" (HTTP mode behind the load balancer)`);
    if (!healthcheckCommand(service).includes(`:${config.port}/readyz`))
      problems.push(`${name}: healthcheck does not call /readyz on port ${config.port}`);
    if (at(service, 'depends_on', redisName, 'condition') !== 'service_healthy')
      problems.push(`${name}: does not wait for ${redisName} to be healthy`);
    if (!['always', 'unless-stopped', 'on-failure'].includes(text(at(service, 'restart')) ?? 'no'))
      problems.push(`${name}: no restart policy`);
    const grace = parseDuration(text(at(service, 'stop_grace_period')) ?? '10s');
    if (grace === undefined || !(grace > facts.shutdownGraceMs)) {
      problems.push(
        `${name}: stop_grace_period must be longer than the app's ${facts.shutdownGraceMs} ms shutdown grace`,
      );
    }
    if (at(service, 'ports') !== undefined) problems.push(`${name}: publishes a port (only the load balancer should)`);
    if (bots.length * config.cms.callsPerSecond > facts.cmsCallsLimit) {
      problems.push(
        `${name}: ${bots.length} replicas × ${CMS_RATE} ${config.cms.callsPerSecond} exceed CloudMonitor's ${facts.cmsCallsLimit} calls/s`,
      );
    }
  }
  if (at(redisService, 'ports') !== undefined) problems.push(`${redisName}: publishes a port (only the bots need it)`);

  const balancers = names.filter(
    (name) => list(at(services[name], 'ports')).length > 0 && !bots.includes(name) && name !== redisName,
  );
  if (balancers.length === 0) problems.push('no load balancer publishing a port');
  for (const name of balancers) {
    const sources = bindMountSources(services[name]);
    const configText = sources
      .map((source) => resolve(composeDir, source))
      .map((path) => (existsSync(path) ? readFileSync(path, 'utf8') : ''))
      .join('\n');
    if (sources.length === 0) problems.push(`${name}: no mounted configuration`);
    for (const [bot, port] of botPorts) {
      if (!new RegExp(`\\b${bot}:${port}\\b`).test(configText))
        problems.push(`${name}: its configuration does not route to ${bot}:${port}`);
      if (at(services[name], 'depends_on', bot) === undefined) problems.push(`${name}: does not depend on ${bot}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// Kubernetes
// ---------------------------------------------------------------------------------------------------------

/** One parsed Kubernetes object and the file it came from. */
interface K8sObject {
  file: string;
  doc: unknown;
}

/** apiVersion of each kind used here. */
const API_VERSIONS: Record<string, string> = {
  Deployment: 'apps/v1',
  Service: 'v1',
  Secret: 'v1',
  ConfigMap: 'v1',
  PodDisruptionBudget: 'policy/v1',
};

/** True when every label of `selector` is on `labels` (and the selector is not empty). */
function selects(selector: unknown, labels: unknown): boolean {
  const wanted = Object.entries(dict(selector));
  return wanted.length > 0 && wanted.every(([key, value]) => dict(labels)[key] === value);
}

/** A probe's or Service's port (number or container port name) as the container port number it means. */
function resolvePort(port: unknown, container: unknown): number | undefined {
  if (typeof port === 'number') return port;
  const named = list(at(container, 'ports')).find((entry) => at(entry, 'name') === port);
  const number = at(named, 'containerPort');
  return typeof number === 'number' ? number : undefined;
}

/** A mapping whose values must all be strings (ConfigMap data, Secret stringData), with a problem per other value. */
function stringValues(where: string, value: unknown, problems: string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, item] of Object.entries(dict(value))) {
    if (typeof item === 'string') result[key] = item;
    else problems.push(`${where}: value of ${key} is not a string (quote it)`);
  }
  return result;
}

/** ACK's ServiceAccount annotation naming the RAM role for RRSA (ack-pod-identity-webhook). */
const RRSA_ROLE_ANNOTATION = 'pod-identity.alibabacloud.com/role-name';
/** The AccessKey variables: the alternative to RRSA. */
const ACCESS_KEY_VARS = [
  'ALIBABA_CLOUD_ACCESS_KEY_ID',
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'ALIBABA_CLOUD_SECURITY_TOKEN',
];

/**
 * CloudMonitor credentials in manifests/k8s: RRSA is the default path, so the pod runs as a ServiceAccount of
 * manifests/k8s that names a RAM role ({@link RRSA_ROLE_ANNOTATION}); an AccessKey is only the alternative, so it
 * may come only from an optional Secret (absent → RRSA), never from the required Secret or the ConfigMap.
 */
function cloudCredentialProblems(
  objects: readonly K8sObject[],
  pod: unknown,
  sources: ReadonlyArray<[string, Record<string, string>]>,
  optionalSecrets: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const accountName = at(pod, 'serviceAccountName');
  const account = objects.find(
    ({ doc }) => at(doc, 'kind') === 'ServiceAccount' && at(doc, 'metadata', 'name') === accountName,
  )?.doc;
  if (typeof accountName !== 'string')
    problems.push('Deployment: no serviceAccountName (RRSA needs the pods to run as a ServiceAccount)');
  else if (!account)
    problems.push(`Deployment: serviceAccountName ${accountName} is not a ServiceAccount in manifests/k8s`);
  else if (!text(at(account, 'metadata', 'annotations', RRSA_ROLE_ANNOTATION))) {
    problems.push(`ServiceAccount ${accountName}: no ${RRSA_ROLE_ANNOTATION} annotation naming the RAM role for RRSA`);
  }
  for (const [where, values] of sources) {
    const keys = ACCESS_KEY_VARS.filter((name) => name in values);
    if (keys.length > 0 && !optionalSecrets.has(where)) {
      problems.push(
        `${where}: ${keys.join(', ')} only in an optional Secret (the AccessKey is the alternative to RRSA)`,
      );
    }
  }
  return problems;
}

/**
 * Checks manifests/k8s: every object has apiVersion/kind/metadata.name; the bot Deployment runs ≥ 2 replicas as
 * non-root on a read-only filesystem with a memory limit, probes /readyz (readiness) and /healthz (liveness) on
 * its container port, which is the PORT it configures and the Service's targetPort; its ConfigMap and Secret
 * exist, together with its `env` name only variables loadConfig reads, each in one place, cover every required one
 * and load; the Secret holds every credential and only placeholders, the ConfigMap none; STORE_URL is Redis; and
 * replicas × CMS_CALLS_PER_SECOND stays within CloudMonitor's limit.
 * @param objects every document of every file in manifests/k8s
 * @param facts what the app expects
 * @returns one line per problem; [] when the manifests are fine
 */
function k8sProblems(objects: readonly K8sObject[], facts: AppFacts): string[] {
  const problems: string[] = [];
  for (const { file, doc } of objects) {
    const kind = text(at(doc, 'kind'));
    if (!kind || !text(at(doc, 'apiVersion')) || !text(at(doc, 'metadata', 'name'))) {
      problems.push(`${file}: a document lacks apiVersion, kind or metadata.name`);
    } else if (API_VERSIONS[kind] !== undefined && at(doc, 'apiVersion') !== API_VERSIONS[kind]) {
      problems.push(`${file}: ${kind} should be apiVersion ${API_VERSIONS[kind]}`);
    }
  }
  const byKind = (kind: string) => objects.filter(({ doc }) => at(doc, 'kind') === kind).map(({ doc }) => doc);
  const named = (kind: string, name: unknown) => byKind(kind).find((doc) => at(doc, 'metadata', 'name') === name);
  const bots = byKind('Deployment').filter((doc) =>
    list(at(doc, 'spec', 'template', 'spec', 'containers')).some((c) =>
      /alert-contact-bot/.test(text(at(c, 'image')) ?? ''),
    ),
  );
  if (bots.length !== 1)
    return [...problems, `expected one Deployment running the alert-contact-bot image, found ${bots.length}`];
  const deployment = bots[0];
  const pod = at(deployment, 'spec', 'template', 'spec');
  const podLabels = at(deployment, 'spec', 'template', 'metadata', 'labels');
  const containers = list(at(pod, 'containers'));
  const container = containers[0];
  if (containers.length !== 1) problems.push(`Deployment: expected one container, found ${containers.length}`);

  const replicas = at(deployment, 'spec', 'replicas');
  if (typeof replicas !== 'number' || replicas < 2)
    problems.push(`Deployment: replicas must be at least 2, is ${String(replicas ?? 1)}`);
  if (!selects(at(deployment, 'spec', 'selector', 'matchLabels'), podLabels))
    problems.push('Deployment: selector does not match the pod labels');
  const grace = at(pod, 'terminationGracePeriodSeconds');
  if (typeof grace !== 'number' || !(grace * 1000 > facts.shutdownGraceMs)) {
    problems.push(
      `Deployment: terminationGracePeriodSeconds must exceed the app's ${facts.shutdownGraceMs} ms shutdown grace`,
    );
  }
  const securityContext = { ...dict(at(pod, 'securityContext')), ...dict(at(container, 'securityContext')) };
  if (securityContext.runAsNonRoot !== true) problems.push('Deployment: runAsNonRoot is not true');
  if (!(typeof securityContext.runAsUser === 'number' && securityContext.runAsUser > 0)) {
    problems.push(
      'Deployment: runAsUser must be a numeric non-root id (the image user `node` is a name, which runAsNonRoot cannot verify)',
    );
  }
  const readOnly = securityContext.readOnlyRootFilesystem === true;
  if (!readOnly) problems.push('Deployment: readOnlyRootFilesystem is not true');
  if (text(at(container, 'resources', 'limits', 'memory')) === undefined) problems.push('Deployment: no memory limit');

  const containerPorts = list(at(container, 'ports')).map((entry) => at(entry, 'containerPort'));
  const containerPort = containerPorts[0];
  if (containerPorts.length !== 1 || typeof containerPort !== 'number')
    problems.push('Deployment: expected one numeric containerPort');
  for (const [probe, path] of [
    ['readinessProbe', '/readyz'],
    ['livenessProbe', '/healthz'],
  ] as const) {
    const get = at(container, probe, 'httpGet');
    if (at(get, 'path') !== path)
      problems.push(`Deployment: ${probe} must be httpGet ${path}, is ${String(at(get, 'path') ?? 'missing')}`);
    if (resolvePort(at(get, 'port'), container) !== containerPort)
      problems.push(`Deployment: ${probe} is not on the container port ${String(containerPort)}`);
  }

  // The container's environment: its ConfigMap and Secret (envFrom) plus `env`, each variable in one place only.
  const sources: Array<[string, Record<string, string>]> = [];
  const optionalSecrets = new Set<string>();
  for (const ref of list(at(container, 'envFrom'))) {
    for (const [field, kind] of [
      ['configMapRef', 'ConfigMap'],
      ['secretRef', 'Secret'],
    ] as const) {
      const name = at(ref, field, 'name');
      if (name === undefined) continue;
      if (kind === 'Secret' && at(ref, field, 'optional') === true) optionalSecrets.add(`Secret ${String(name)}`);
      const found = named(kind, name);
      if (!found) problems.push(`Deployment: envFrom ${kind} ${String(name)} is not in manifests/k8s`);
      else if (kind === 'ConfigMap')
        sources.push([
          `ConfigMap ${String(name)}`,
          stringValues(`ConfigMap ${String(name)}`, at(found, 'data'), problems),
        ]);
      else {
        if (at(found, 'data') !== undefined)
          problems.push(`Secret ${String(name)}: use stringData placeholders in the template, not data`);
        sources.push([
          `Secret ${String(name)}`,
          stringValues(`Secret ${String(name)}`, at(found, 'stringData'), problems),
        ]);
      }
    }
  }
  const direct: Record<string, string> = {};
  for (const entry of list(at(container, 'env'))) {
    const name = text(at(entry, 'name'));
    const value = at(entry, 'value');
    if (name === undefined) continue;
    if (typeof value === 'string') direct[name] = value;
    else problems.push(`Deployment: env ${name} must have a string value`);
  }
  sources.push(['Deployment env', direct]);
  const configMaps = sources.filter(([where]) => where.startsWith('ConfigMap'));
  const secrets = sources.filter(([where]) => where.startsWith('Secret'));
  if (configMaps.length === 0) problems.push('Deployment: no envFrom ConfigMap');
  if (secrets.length === 0) problems.push('Deployment: no envFrom Secret');

  const env: Record<string, string> = {};
  const placeOf = new Map<string, string>();
  for (const [where, values] of sources) {
    for (const [key, value] of Object.entries(values)) {
      if (!facts.names.has(key)) problems.push(`${where}: ${key} is not read by loadConfig`);
      const earlier = placeOf.get(key);
      if (earlier) problems.push(`${key} is set in both ${earlier} and ${where}`);
      placeOf.set(key, where);
      env[key] = value;
    }
  }
  for (const name of facts.required)
    if (!(name in env)) problems.push(`${name} (required) is in neither the ConfigMap nor the Secret`);
  for (const name of facts.secrets) {
    const where = placeOf.get(name) ?? '';
    if (name === facts.socketModeToken) {
      if (where)
        problems.push(`${where}: ${name} switches the bot to Socket Mode, which has no HTTP server for the probes`);
    } else if (where && !where.startsWith('Secret'))
      problems.push(`${name} is a credential: it belongs in the Secret, not in ${where}`);
  }
  for (const [where, values] of secrets) {
    for (const [key, value] of Object.entries(values))
      if (looksLikeRealSecret(value)) problems.push(`${where}: ${key} does not look like a placeholder`);
  }
  problems.push(...cloudCredentialProblems(objects, pod, sources, optionalSecrets));
  // The Secret's placeholders must be refused until filled in, and load once they are.
  for (const [where, values] of secrets) {
    for (const key of Object.keys(values)) {
      if (facts.secrets.includes(key) && key !== facts.socketModeToken && !placeholdersIn(env).includes(key))
        problems.push(`${where}: ${key} is not refused as a placeholder by loadConfig`);
    }
  }
  const { config, problems: invalid } = tryConfig(filledIn(env));
  if (!config) problems.push(...invalid.map((line) => `the ConfigMap and Secret do not load: ${line}`));
  else {
    if (config.port !== containerPort)
      problems.push(`the app listens on ${config.port} but containerPort is ${String(containerPort)}`);
    if (typeof replicas === 'number' && replicas * config.cms.callsPerSecond > facts.cmsCallsLimit) {
      problems.push(
        `Deployment: ${replicas} replicas × ${CMS_RATE} ${config.cms.callsPerSecond} exceed CloudMonitor's ${facts.cmsCallsLimit} calls/s`,
      );
    }
    if (readOnly && !/^rediss?:\/\//.test(config.storeUrl))
      problems.push(
        `STORE_URL must be redis:// or rediss:// (read-only filesystem, shared by the replicas), is ${config.storeUrl}`,
      );
  }

  const services = byKind('Service').filter((doc) => selects(at(doc, 'spec', 'selector'), podLabels));
  if (services.length === 0) problems.push('no Service selects the bot pods');
  for (const service of services) {
    const targets = list(at(service, 'spec', 'ports')).map((port) =>
      resolvePort(at(port, 'targetPort') ?? at(port, 'port'), container),
    );
    if (!targets.includes(containerPort as number))
      problems.push(
        `Service ${String(at(service, 'metadata', 'name'))}: targetPort does not reach containerPort ${String(containerPort)}`,
      );
  }
  for (const budget of byKind('PodDisruptionBudget')) {
    if (!selects(at(budget, 'spec', 'selector', 'matchLabels'), podLabels))
      problems.push('PodDisruptionBudget: selector does not match the bot pods');
    const min = at(budget, 'spec', 'minAvailable');
    if (typeof min === 'number' && typeof replicas === 'number' && !(min >= 1 && min < replicas))
      problems.push('PodDisruptionBudget: minAvailable must be between 1 and replicas − 1');
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// Dockerfile
// ---------------------------------------------------------------------------------------------------------

/** One Dockerfile instruction, continuation lines joined and comments dropped. */
interface Instruction {
  keyword: string;
  args: string;
}

/** The instructions of a Dockerfile, in order. */
function dockerInstructions(source: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = '';
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && pending === '')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const whole = `${pending}${line}`.trim();
    pending = '';
    const match = /^(\w+)\s+(.*)$/.exec(whole);
    if (match?.[1] && match[2] !== undefined)
      instructions.push({ keyword: match[1].toUpperCase(), args: match[2].trim() });
  }
  return instructions;
}

/**
 * Checks manifests/Dockerfile: multi-stage on the Node.js major of .nvmrc, the build stage runs npm ci, npm run
 * build and npm prune --omit=dev (no compiler: better-sqlite3 13 ships its binaries in its npm package); the final stage sets NODE_ENV=production, runs as a non-root USER,
 * exposes the app's default port and runs ["node", <the flags of npm start>, "dist/main.js"] (the build output of src/main.ts); every COPY
 * from the build context names files that exist, and never the whole context (there is no .dockerignore).
 * @param source the Dockerfile's text
 * @param facts what the app expects
 * @returns one line per problem; [] when the file is fine
 */
function dockerfileProblems(source: string, facts: AppFacts): string[] {
  const problems: string[] = [];
  const stages: Array<{ image: string; name?: string; body: Instruction[] }> = [];
  for (const instruction of dockerInstructions(source)) {
    if (instruction.keyword === 'FROM') {
      const [image = '', , name] = instruction.args.replace(/--platform=\S+\s+/, '').split(/\s+/);
      stages.push({ image, ...(name ? { name } : {}), body: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword !== 'ARG') problems.push(`${instruction.keyword} before the first FROM`);
    } else stages.at(-1)?.body.push(instruction);
  }
  const stageNames = new Set(stages.flatMap((stage) => (stage.name ? [stage.name] : [])));
  if (stages.length < 2) problems.push(`expected a multi-stage build, found ${stages.length} stage(s)`);
  for (const stage of stages) {
    if (!stageNames.has(stage.image) && !new RegExp(`^node:${facts.nodeMajor}([.-]|$)`).test(stage.image))
      problems.push(`FROM ${stage.image} is not node:${facts.nodeMajor}`);
  }
  const runs = stages
    .slice(0, -1)
    .flatMap((stage) => stage.body.filter((i) => i.keyword === 'RUN').map((i) => i.args))
    .join('\n');
  for (const step of ['npm ci', 'npm run build', 'npm prune --omit=dev'])
    if (!runs.includes(step)) problems.push(`the build stage does not run ${step}`);

  for (const stage of stages) {
    for (const { keyword, args } of stage.body.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')) {
      const words = args.split(/\s+/);
      const from = words.find((word) => word.startsWith('--from='));
      if (from) {
        if (!stageNames.has(from.slice('--from='.length)))
          problems.push(`${keyword} ${args}: no stage named ${from.slice('--from='.length)}`);
        continue;
      }
      const paths = args.startsWith('[')
        ? (JSON.parse(args) as string[])
        : words.filter((word) => !word.startsWith('--'));
      for (const path of paths.slice(0, -1)) {
        if (path === '.' || path === './' || path.includes('*'))
          problems.push(`${keyword} ${args}: copies the whole build context (there is no .dockerignore)`);
        else if (!existsSync(join(ROOT, path)))
          problems.push(`${keyword} ${args}: ${path} does not exist in the repository`);
      }
    }
  }

  const final = stages.at(-1)?.body ?? [];
  const last = (keyword: string) => final.filter((i) => i.keyword === keyword).at(-1)?.args;
  const user = last('USER');
  if (user === undefined) problems.push('the final stage has no USER (it would run as root)');
  else if (/^(root|0)(:|$)/.test(user)) problems.push(`the final stage runs as ${user}`);
  if (!final.some((i) => i.keyword === 'ENV' && /\bNODE_ENV[= ]production\b/.test(i.args)))
    problems.push('the final stage does not set NODE_ENV=production');
  const exposed = final
    .filter((i) => i.keyword === 'EXPOSE')
    .flatMap((i) => i.args.split(/\s+/))
    .map((port) => Number.parseInt(port, 10));
  if (!exposed.includes(facts.defaultPort)) problems.push(`the final stage does not EXPOSE ${facts.defaultPort}`);
  for (const keyword of ['ENV', 'ARG']) {
    for (const i of final.filter((instruction) => instruction.keyword === keyword)) {
      for (const name of facts.names)
        if (new RegExp(`\\b${name}\\b`).test(i.args))
          problems.push(`${keyword} ${name}: configuration belongs in the runtime environment, not the image`);
    }
  }
  const cmd = last('CMD');
  let command: unknown;
  try {
    command = cmd === undefined ? undefined : (JSON.parse(cmd) as unknown);
  } catch {
    command = cmd;
  }
  const expected = ['node', ...facts.startFlags, 'dist/main.js'];
  if (JSON.stringify(command) !== JSON.stringify(expected)) {
    problems.push(
      `CMD must be ${JSON.stringify(expected)} (exec form; the flags of package.json's "start"), is ${cmd ?? 'missing'}`,
    );
  }
  const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as {
    compilerOptions?: { outDir?: string; rootDir?: string };
  };
  const { outDir, rootDir } = tsconfig.compilerOptions ?? {};
  if (outDir !== 'dist' || !existsSync(join(ROOT, rootDir ?? '.', 'main.ts')))
    problems.push('dist/main.js is not what tsconfig.json builds from src/main.ts');
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------------------

const FACTS = appFacts();
const yamlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => join(dir, file));
const COMPOSE_PATH = join(MANIFESTS, 'docker-compose.yaml');
const DOCKERFILE = readFileSync(join(MANIFESTS, 'Dockerfile'), 'utf8');
const k8sObjects = (): K8sObject[] =>
  yamlFiles(K8S).flatMap((path) => readYaml(path).map((doc) => ({ file: path.slice(ROOT.length + 1), doc })));

/** A deep copy of `value` changed by `edit`, for the broken variants. */
function broken<T>(value: T, edit: (copy: T) => void): T {
  const copy = structuredClone(value);
  edit(copy);
  return copy;
}

/**
 * The object of `kind` named `name` (by default the bot's Deployment, Service or PodDisruptionBudget; for a
 * ConfigMap or Secret, the only one) among `objects` (a copy's, when editing a broken variant).
 */
function objectOf(
  objects: readonly K8sObject[],
  kind: string,
  name = kind === 'Secret' ? 'alert-contact-bot-secrets' : 'alert-contact-bot',
): Dict {
  const found = objects.find(
    ({ doc }) => at(doc, 'kind') === kind && (at(doc, 'metadata', 'name') === name || kind === 'ConfigMap'),
  );
  return dict(found?.doc);
}

/** The bot container of the Deployment among `objects`. */
function botContainer(objects: readonly K8sObject[]): Dict {
  return dict(at(objectOf(objects, 'Deployment'), 'spec', 'template', 'spec', 'containers', 0));
}

describe('what the manifests are checked against (derived from src/)', () => {
  it('finds the variables loadConfig reads, the required ones and the credentials', () => {
    expect(problemsOf(FACTS.example), '.env.example must be a complete valid environment').toEqual([]);
    expect(FACTS.names.size).toBeGreaterThan(5);
    expect(FACTS.required).toEqual(expect.arrayContaining(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']));
    expect(FACTS.required, 'without an AccessKey the bot uses the credential chain (RRSA)').not.toContain(
      'ALIBABA_CLOUD_ACCESS_KEY_ID',
    );
    expect(FACTS.required).not.toContain('STORE_URL');
    expect(FACTS.secrets).toEqual(
      expect.arrayContaining(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET']),
    );
    expect(FACTS.names).toContain(FACTS.socketModeToken);
    expect(FACTS.defaultPort).toBe(3000);
    expect(FACTS.shutdownGraceMs).toBeGreaterThan(0);
    expect(FACTS.names).toContain(CMS_RATE);
    expect(FACTS.cmsCallsLimit).toBe(20);
  });

  it('finds one Node.js major: .nvmrc, and package.json engines.node as its lower bound', () => {
    const { engines } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines?: { node?: string } };
    expect(FACTS.nodeMajor, '.nvmrc names a Node.js major').toBeGreaterThanOrEqual(24);
    expect(engines?.node).toBe(`>=${FACTS.nodeMajor}`);
  });
});

describe('YAML files in manifests/', () => {
  const files = [...yamlFiles(MANIFESTS), ...yamlFiles(K8S)];

  it('are there: the compose file and the Kubernetes manifests', () => {
    expect(files.map((path) => path.slice(MANIFESTS.length + 1)).sort()).toEqual(
      expect.arrayContaining([
        'docker-compose.yaml',
        'k8s/configmap.yaml',
        'k8s/deployment.yaml',
        'k8s/secret.example.yaml',
        'k8s/service.yaml',
      ]),
    );
  });

  it.each(files.map((path) => path.slice(ROOT.length + 1)))('%s parses without errors or warnings', (file) => {
    expect(readYaml(join(ROOT, file)).length).toBeGreaterThan(0);
  });

  it('the parse check catches broken YAML (bad indentation, duplicate keys)', () => {
    expect(parseYaml('a: 1\n b: 2\n').errors).not.toEqual([]);
    expect(parseYaml('a: 1\na: 2\n').errors).not.toEqual([]);
  });
});

describe('docker-compose.yaml', () => {
  const [compose] = readYaml(COMPOSE_PATH);

  it('runs redis, at least two bots on it in HTTP mode with health checks, and a load balancer', () => {
    expect(composeProblems(compose, FACTS)).toEqual([]);
  });

  it('the load balancer config routes to every bot service, and nothing else publishes a port', () => {
    const services = dict(at(compose, 'services'));
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['redis', 'bot-1', 'bot-2']));
    expect(
      Object.entries(services)
        .filter(([, service]) => at(service, 'ports') !== undefined)
        .map(([name]) => name),
    ).toEqual(['lb']);
    expect(list(at(services.lb, 'ports'))).toEqual(['3000:80']);
  });
});

describe('manifests/k8s', () => {
  it('Deployment, Service, Secret template and ConfigMap fit together and match the config schema', () => {
    expect(k8sProblems(k8sObjects(), FACTS)).toEqual([]);
  });

  it('the bot container uses the placeholder image and has a PodDisruptionBudget', () => {
    const objects = k8sObjects();
    expect(botContainer(objects).image).toBe('registry.example.com/alert-contact-bot:latest');
    expect(at(objectOf(objects, 'PodDisruptionBudget'), 'spec', 'minAvailable')).toBe(1);
  });
});

/** The CloudMonitor actions the client calls: every `call('<Action>'` in src/cms/client.ts. */
function cmsActionsCalled(): string[] {
  const source = readFileSync(join(ROOT, 'src/cms/client.ts'), 'utf8');
  return [...new Set([...source.matchAll(/\bcall\(\s*'(\w+)'/g)].map((match) => match[1] ?? ''))].sort();
}

/**
 * Checks a RAM policy document (RAM policy language, Version "1": https://www.alibabacloud.com/help/en/ram/user-guide/policy-structure-and-syntax):
 * one Allow statement, exactly `cms:<Action>` for each action the client calls (no wildcard, nothing more), on `*`
 * (CloudMonitor's contact actions take no resource-level permission: "All Resources", PutContact's authorization table).
 */
function ramPolicyProblems(policy: unknown, actions: readonly string[]): string[] {
  const problems: string[] = [];
  if (at(policy, 'Version') !== '1') problems.push('Version must be "1"');
  const statements = list(at(policy, 'Statement'));
  if (statements.length !== 1) problems.push(`expected one statement, found ${statements.length}`);
  const statement = statements[0];
  if (at(statement, 'Effect') !== 'Allow') problems.push('the statement must Allow');
  if (at(statement, 'Resource') !== '*') problems.push('Resource must be "*"');
  const granted = [at(statement, 'Action')]
    .flat()
    .map((action) => String(action))
    .sort();
  const wanted = actions.map((action) => `cms:${action}`).sort();
  for (const action of wanted)
    if (!granted.includes(action)) problems.push(`${action} is called by the client but not granted`);
  for (const action of granted)
    if (!wanted.includes(action)) problems.push(`${action} is granted but the client never calls it`);
  return problems;
}

describe('manifests/ram-policy.json', () => {
  const policy: unknown = JSON.parse(readFileSync(join(MANIFESTS, 'ram-policy.json'), 'utf8'));

  it('allows exactly the CloudMonitor actions the client calls', () => {
    expect(cmsActionsCalled()).toEqual([
      'DeleteContact',
      'DescribeContactGroupList',
      'DescribeContactList',
      'PutContact',
      'PutContactGroup',
    ]);
    expect(ramPolicyProblems(policy, cmsActionsCalled())).toEqual([]);
  });

  it.each<[string, (copy: Dict) => void, string]>([
    [
      'a wildcard',
      (copy) => (dict(list(copy.Statement)[0]).Action = ['cms:*']),
      'cms:* is granted but the client never calls it',
    ],
    [
      'an action missing',
      (copy) => (dict(list(copy.Statement)[0]).Action = ['cms:PutContact']),
      'cms:DescribeContactList is called by the client but not granted',
    ],
    ['a Deny', (copy) => (dict(list(copy.Statement)[0]).Effect = 'Deny'), 'the statement must Allow'],
  ])('catches %s', (_label, edit, expected) => {
    expect(ramPolicyProblems(broken(dict(policy), edit), cmsActionsCalled())).toContainEqual(expected);
  });
});

describe('manifests/Dockerfile', () => {
  it('builds on node:<.nvmrc> in stages and runs node dist/main.js as a non-root user', () => {
    expect(dockerfileProblems(DOCKERFILE, FACTS)).toEqual([]);
  });
});

describe('one port everywhere', () => {
  it('the Dockerfile EXPOSE, the compose PORT, nginx upstreams and the k8s containerPort agree', () => {
    const [compose] = readYaml(COMPOSE_PATH);
    const port = String(FACTS.defaultPort);
    expect(DOCKERFILE).toMatch(new RegExp(`^EXPOSE ${port}$`, 'm'));
    expect(composeEnv(at(compose, 'services', 'bot-1', 'environment')).PORT).toBe(port);
    expect(readFileSync(join(MANIFESTS, 'nginx.conf'), 'utf8')).toMatch(new RegExp(`server bot-1:${port}\\b`));
    expect(at(botContainer(k8sObjects()), 'ports', 0, 'containerPort')).toBe(FACTS.defaultPort);
  });
});

describe('the validators fail on broken variants', () => {
  const [compose] = readYaml(COMPOSE_PATH);
  const services = (copy: unknown) => dict(at(copy, 'services'));

  it.each<[string, (copy: unknown) => void, string]>([
    ['one bot only', (copy) => delete services(copy)['bot-2'], 'expected at least 2 bot services'],
    [
      'an env name loadConfig does not read',
      (copy) => (dict(at(copy, 'services', 'bot-1', 'environment')).STORE_ULR = 'redis://redis:6379'),
      'STORE_ULR is not read by loadConfig',
    ],
    [
      'a sqlite store',
      (copy) => (dict(at(copy, 'services', 'bot-2', 'environment')).STORE_URL = 'sqlite://data/x.sqlite'),
      'STORE_URL must be redis://',
    ],
    [
      'Socket Mode left on',
      (copy) => (dict(at(copy, 'services', 'bot-1', 'environment')).SLACK_APP_TOKEN = 'xapp-your-app-level-token'),
      'SLACK_APP_TOKEN must be overridden',
    ],
    [
      'an invalid override',
      (copy) => (dict(at(copy, 'services', 'bot-1', 'environment')).PORT = 'http'),
      'invalid configuration: PORT',
    ],
    [
      'no health check',
      (copy) => delete dict(services(copy)['bot-2']).healthcheck,
      'bot-2: healthcheck does not call /readyz',
    ],
    [
      'an unquoted `? 0 : 1` in the health check',
      (copy) => {
        const test = list(at(copy, 'services', 'bot-1', 'healthcheck', 'test'));
        test[3] = { "fetch('http://127.0.0.1:3000/readyz').then((r) => process.exit(r.ok ? 0": '1))' };
      },
      'bot-1: healthcheck does not call /readyz',
    ],
    ['redis without health check', (copy) => delete dict(services(copy).redis).healthcheck, 'redis: no healthcheck'],
    ['redis published', (copy) => (dict(services(copy).redis).ports = ['6379:6379']), 'redis: publishes a port'],
    [
      'not waiting for redis',
      (copy) => (dict(services(copy)['bot-1']).depends_on = ['redis']),
      'bot-1: does not wait for redis',
    ],
    [
      'a short stop grace',
      (copy) => (dict(services(copy)['bot-1']).stop_grace_period = '5s'),
      'bot-1: stop_grace_period must be longer',
    ],
    [
      'a credential in the compose file',
      (copy) => (dict(at(copy, 'services', 'bot-1', 'environment')).SLACK_BOT_TOKEN = 'xoxb-1'),
      'SLACK_BOT_TOKEN is a credential',
    ],
    ['no load balancer', (copy) => delete dict(services(copy).lb).ports, 'no load balancer publishing a port'],
    [
      'a third bot the balancer does not know',
      (copy) => (services(copy)['bot-3'] = structuredClone(services(copy)['bot-2'])),
      'lb: its configuration does not route to bot-3:3000',
    ],
    [
      'too many CloudMonitor calls in total',
      (copy) => (dict(at(copy, 'services', 'bot-1', 'environment')).CMS_CALLS_PER_SECOND = '15'),
      'replicas × CMS_CALLS_PER_SECOND 15 exceed',
    ],
    [
      'a build from the wrong context',
      (copy) => (dict(at(copy, 'services', 'bot-1', 'build')).context = '.'),
      'bot-1: build context . is not the repository root',
    ],
  ])('compose: %s', (_label, edit, expected) => {
    expect(composeProblems(broken(compose, edit), FACTS)).toContainEqual(expect.stringContaining(expected));
  });

  const objects = k8sObjects();
  const configMapData = (copy: K8sObject[]) => dict(objectOf(copy, 'ConfigMap').data);
  const secretData = (copy: K8sObject[]) => dict(objectOf(copy, 'Secret').stringData);
  const accessKeyData = (copy: K8sObject[]) => dict(objectOf(copy, 'Secret', 'alert-contact-bot-accesskey').stringData);

  it.each<[string, (copy: K8sObject[]) => void, string]>([
    [
      'one replica',
      (copy) => (dict(objectOf(copy, 'Deployment').spec).replicas = 1),
      'replicas must be at least 2, is 1',
    ],
    [
      'no replicas field (defaults to 1)',
      (copy) => delete dict(objectOf(copy, 'Deployment').spec).replicas,
      'replicas must be at least 2, is 1',
    ],
    [
      'an env name not in the config',
      (copy) => (configMapData(copy).SLACK_ADMIN_CHANEL_ID = 'C0123456789'),
      'SLACK_ADMIN_CHANEL_ID is not read by loadConfig',
    ],
    [
      'a required variable missing',
      (copy) => delete configMapData(copy).SLACK_ADMIN_CHANNEL_ID,
      'SLACK_ADMIN_CHANNEL_ID (required) is in neither',
    ],
    [
      'a credential in the ConfigMap',
      (copy) => {
        configMapData(copy).SLACK_SIGNING_SECRET = secretData(copy).SLACK_SIGNING_SECRET;
        delete secretData(copy).SLACK_SIGNING_SECRET;
      },
      'SLACK_SIGNING_SECRET is a credential: it belongs in the Secret, not in ConfigMap',
    ],
    [
      'a variable in both places',
      (copy) => (secretData(copy).STORE_URL = 'redis://:your-password@redis:6379'),
      'STORE_URL is set in both',
    ],
    [
      'a real-looking token',
      (copy) => (secretData(copy).SLACK_BOT_TOKEN = 'xoxb-1234567890-1234567890-AbCdEfGhIjKlMnOpQrStUvWx'),
      'SLACK_BOT_TOKEN does not look like a placeholder',
    ],
    [
      'a random-looking AccessKey secret',
      (copy) => (accessKeyData(copy).ALIBABA_CLOUD_ACCESS_KEY_SECRET = 'q8Zr2mX4vT9kLw3nB7cY1pD6'),
      'ALIBABA_CLOUD_ACCESS_KEY_SECRET does not look like a placeholder',
    ],
    [
      'no ServiceAccount (no RRSA)',
      (copy) => delete dict(at(objectOf(copy, 'Deployment'), 'spec', 'template', 'spec')).serviceAccountName,
      'no serviceAccountName',
    ],
    [
      'a ServiceAccount that is not in manifests/k8s',
      (copy) =>
        copy.splice(
          copy.findIndex(({ doc }) => at(doc, 'kind') === 'ServiceAccount'),
          1,
        ),
      'serviceAccountName alert-contact-bot is not a ServiceAccount',
    ],
    [
      'no RAM role on the ServiceAccount',
      (copy) =>
        delete dict(at(objectOf(copy, 'ServiceAccount'), 'metadata', 'annotations'))[
          'pod-identity.alibabacloud.com/role-name'
        ],
      'no pod-identity.alibabacloud.com/role-name annotation',
    ],
    [
      'an AccessKey in the required Secret',
      (copy) => (secretData(copy).ALIBABA_CLOUD_ACCESS_KEY_ID = 'your-access-key-id'),
      'Secret alert-contact-bot-secrets: ALIBABA_CLOUD_ACCESS_KEY_ID only in an optional Secret',
    ],
    [
      'the AccessKey Secret required',
      (copy) => delete dict(at(botContainer(copy), 'envFrom', 2, 'secretRef')).optional,
      'Secret alert-contact-bot-accesskey: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET only in an optional Secret',
    ],
    [
      'the Socket Mode token',
      (copy) => (secretData(copy).SLACK_APP_TOKEN = 'xapp-your-app-level-token'),
      'SLACK_APP_TOKEN switches the bot to Socket Mode',
    ],
    ['an unquoted number', (copy) => (configMapData(copy).RESUME_AFTER = 600), 'value of RESUME_AFTER is not a string'],
    [
      'too many CloudMonitor calls in total',
      (copy) => (dict(objectOf(copy, 'Deployment').spec).replicas = 5),
      '5 replicas × CMS_CALLS_PER_SECOND 5 exceed',
    ],
    ['an invalid value', (copy) => (configMapData(copy).REMINDER_DELAYS = '1 hour'), 'do not load: REMINDER_DELAYS'],
    [
      'a sqlite store on a read-only filesystem',
      (copy) => (configMapData(copy).STORE_URL = 'sqlite://data/x.sqlite'),
      'STORE_URL must be redis:// or rediss://',
    ],
    [
      'readiness on /healthz',
      (copy) => (dict(at(botContainer(copy), 'readinessProbe', 'httpGet')).path = '/healthz'),
      'readinessProbe must be httpGet /readyz',
    ],
    [
      'liveness on another port',
      (copy) => (dict(at(botContainer(copy), 'livenessProbe', 'httpGet')).port = 8080),
      'livenessProbe is not on the container port',
    ],
    [
      'a Service targetPort elsewhere',
      (copy) => (dict(at(objectOf(copy, 'Service'), 'spec', 'ports', 0)).targetPort = 8080),
      'targetPort does not reach containerPort 3000',
    ],
    [
      'PORT not the containerPort',
      (copy) => (dict(at(botContainer(copy), 'env', 0)).value = '8080'),
      'the app listens on 8080 but containerPort is 3000',
    ],
    [
      'a Service selecting other pods',
      (copy) => (dict(at(objectOf(copy, 'Service'), 'spec')).selector = { app: 'other' }),
      'no Service selects the bot pods',
    ],
    [
      'running as root',
      (copy) =>
        (dict(at(objectOf(copy, 'Deployment'), 'spec', 'template', 'spec', 'securityContext')).runAsNonRoot = false),
      'runAsNonRoot is not true',
    ],
    [
      'a writable root filesystem',
      (copy) => (dict(botContainer(copy).securityContext).readOnlyRootFilesystem = false),
      'readOnlyRootFilesystem is not true',
    ],
    [
      'a short grace period',
      (copy) => (dict(at(objectOf(copy, 'Deployment'), 'spec', 'template', 'spec')).terminationGracePeriodSeconds = 5),
      'terminationGracePeriodSeconds must exceed',
    ],
    [
      'a missing Secret',
      (copy) =>
        copy.splice(
          copy.findIndex(
            ({ doc }) => at(doc, 'kind') === 'Secret' && at(doc, 'metadata', 'name') === 'alert-contact-bot-secrets',
          ),
          1,
        ),
      'envFrom Secret alert-contact-bot-secrets is not in manifests/k8s',
    ],
    [
      'a document without kind',
      (copy) => delete objectOf(copy, 'ConfigMap').kind,
      'lacks apiVersion, kind or metadata.name',
    ],
  ])('k8s: %s', (_label, edit, expected) => {
    expect(k8sProblems(broken(objects, edit), FACTS)).toContainEqual(expect.stringContaining(expected));
  });

  it.each<[string, (source: string) => string, string]>([
    ['running as root', (source) => source.replace(/^USER node$/m, 'USER root'), 'the final stage runs as root'],
    ['no USER', (source) => source.replace(/^USER node$/m, ''), 'the final stage has no USER'],
    ['npm start', (source) => source.replace(/^CMD .*$/m, 'CMD ["npm", "start"]'), 'CMD must be ["node",'],
    [
      'shell-form CMD',
      (source) => source.replace(/^CMD .*$/m, 'CMD node --max-old-space-size=128 --max-semi-space-size=4 dist/main.js'),
      'CMD must be ["node",',
    ],
    [
      'no heap flags',
      (source) => source.replace(/^CMD .*$/m, 'CMD ["node", "dist/main.js"]'),
      'the flags of package.json\'s "start"',
    ],
    [
      'an older Node.js',
      (source) => source.replace(/^FROM node:\S+ AS runtime$/m, 'FROM node:20-bookworm-slim AS runtime'),
      `FROM node:20-bookworm-slim is not node:${FACTS.nodeMajor}`,
    ],
    [
      'a file that does not exist',
      (source) => source.replace('COPY tsconfig.json ./', 'COPY tsconfig.build.json ./'),
      'tsconfig.build.json does not exist',
    ],
    ['the whole context', (source) => source.replace('COPY src ./src', 'COPY . .'), 'copies the whole build context'],
    [
      'dev dependencies kept',
      (source) => source.replace('npm prune --omit=dev', 'true'),
      'does not run npm prune --omit=dev',
    ],
    ['one stage', (source) => source.slice(0, source.search(/^FROM \S+ AS runtime$/m)), 'expected a multi-stage build'],
    [
      'a secret baked in',
      (source) => source.replace('ENV NODE_ENV=production', 'ENV NODE_ENV=production SLACK_BOT_TOKEN=xoxb-x'),
      'ENV SLACK_BOT_TOKEN',
    ],
    ['a wrong port', (source) => source.replace(/^EXPOSE 3000$/m, 'EXPOSE 8080'), 'does not EXPOSE 3000'],
  ])('Dockerfile: %s', (_label, edit, expected) => {
    const source = edit(DOCKERFILE);
    expect(source, 'the edit must change the Dockerfile').not.toBe(DOCKERFILE);
    expect(dockerfileProblems(source, FACTS)).toContainEqual(expect.stringContaining(expected));
  });
});
