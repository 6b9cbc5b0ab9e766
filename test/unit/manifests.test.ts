/**
 * The Slack app manifests (manifests/*.json) against Slack's published JSON Schema (a pinned copy in
 * test/fixtures/slack-manifest-schema) and against the code: the slash command, event subscriptions, bot
 * scopes, interactivity and request URLs are derived from src/ so that a listener or Web API call added
 * without updating the manifests (or the reverse) fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { COMMAND } from '../../src/slack/ids.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const SCHEMA_DIR = join(ROOT, 'test/fixtures/slack-manifest-schema');
/** Bolt's default HTTP endpoint for commands, interactivity and events (HTTPReceiver `endpoints`). */
const BOLT_ENDPOINT = '/slack/events';
const SCHEMA_URL = 'https://raw.githubusercontent.com/slackapi/manifest-schema/main/manifest.schema.json';

/** The part of a v1 manifest these tests read; everything else is checked by the schema only. */
interface Manifest {
  $schema?: string;
  _metadata?: { major_version?: number; minor_version?: number };
  display_information: { name: string; description?: string; long_description?: string };
  features?: {
    app_home?: { home_tab_enabled?: boolean; messages_tab_enabled?: boolean; messages_tab_read_only_enabled?: boolean };
    bot_user?: { display_name: string; always_online?: boolean };
    slash_commands?: Array<{
      command: string;
      description: string;
      url?: string;
      usage_hint?: string;
      should_escape?: boolean;
    }>;
  };
  oauth_config?: { scopes?: { bot?: string[]; user?: string[] } };
  settings?: {
    interactivity?: { is_enabled: boolean; request_url?: string; message_menu_options_url?: string };
    event_subscriptions?: { request_url?: string; bot_events?: string[]; user_events?: string[] };
    socket_mode_enabled?: boolean;
    org_deploy_enabled?: boolean;
    token_rotation_enabled?: boolean;
  };
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

/** Every string value of a `$ref` key anywhere in a JSON document. */
function collectRefs(node: unknown, into: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) collectRefs(item, into);
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') into.push(value);
      else collectRefs(value, into);
    }
  }
  return into;
}

/**
 * Compiles Slack's dispatcher schema (draft-07) with its per-version sub-schemas registered under the
 * raw.githubusercontent.com URLs the dispatcher `$ref`s, so nothing is fetched. The schema's non-standard
 * `regex` keyword (used for `background_color`) is enforced like `pattern`, its `_note` keyword is accepted as
 * an annotation, and `format: uri` is checked with the WHATWG URL parser, so strict mode stays on.
 */
function compileManifestSchema(): ValidateFunction<Manifest> {
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
  });
  ajv.addKeyword('_note');
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addKeyword({
    keyword: 'regex',
    type: 'string',
    schemaType: 'string',
    error: { message: (cxt) => `must match regex "${String(cxt.schemaValue)}"` },
    validate: (regex: string, value: string) => new RegExp(regex, 'u').test(value),
  });
  const dispatcher = readJson(join(SCHEMA_DIR, 'manifest.schema.json'));
  const localFiles = new Set(readdirSync(join(SCHEMA_DIR, 'schemas')));
  const remoteRefs = [...new Set(collectRefs(dispatcher).filter((ref) => /^https?:\/\//.test(ref)))];
  expect(remoteRefs.length, 'the dispatcher should $ref the per-version schemas by URL').toBeGreaterThan(0);
  for (const ref of remoteRefs) {
    const file = basename(new URL(ref).pathname);
    expect(localFiles, `no local copy of ${ref} in ${SCHEMA_DIR}/schemas`).toContain(file);
    ajv.addSchema(readJson(join(SCHEMA_DIR, 'schemas', file)) as object, ref);
  }
  return ajv.compile<Manifest>(dispatcher as object);
}

const validateManifest = compileManifestSchema();

/** Validates and returns the errors as readable lines (empty when valid). */
function schemaErrors(manifest: unknown): string[] {
  if (validateManifest(manifest)) return [];
  return (validateManifest.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
}

function loadManifest(file: string): Manifest {
  const data = readJson(join(ROOT, 'manifests', file));
  if (!validateManifest(data)) throw new Error(`${file} is not a valid manifest:\n${schemaErrors(data).join('\n')}`);
  return data;
}

/** Every string under a key ending in `url` (request URLs, command URLs, options URLs), with its JSON path. */
function collectUrls(
  node: unknown,
  path = '',
  into: Array<{ path: string; url: string }> = [],
): Array<{ path: string; url: string }> {
  if (Array.isArray(node)) node.forEach((item, i) => collectUrls(item, `${path}/${i}`, into));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key !== '$schema' && /url$/i.test(key) && typeof value === 'string')
        into.push({ path: `${path}/${key}`, url: value });
      else collectUrls(value, `${path}/${key}`, into);
    }
  }
  return into;
}

/** The TypeScript sources under src/, comments removed, keyed by path relative to the repo root. */
function readSources(): Map<string, string> {
  const sources = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const text = readFileSync(join(ROOT, rel), 'utf8')
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
        sources.set(rel, text);
      }
    }
  };
  walk('src');
  return sources;
}

const SOURCES = readSources();

/** Regex matches over every source file, as `{ file, match }`. */
function scan(pattern: RegExp): Array<{ file: string; match: RegExpExecArray }> {
  const hits: Array<{ file: string; match: RegExpExecArray }> = [];
  for (const [file, text] of SOURCES) for (const match of text.matchAll(pattern)) hits.push({ file, match });
  return hits;
}

/**
 * Bot-token scopes per Slack Web API method, from each method's reference page (docs.slack.dev/reference/methods).
 * A method the code calls that is missing here fails the scope test: add it with its scopes.
 * `chat.postMessage` to a user ID posts to the app's DM (App Home messages tab) with `chat:write` alone;
 * `im:write` is only needed for `conversations.open`.
 */
const METHOD_SCOPES: Record<string, readonly string[]> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.delete': ['chat:write'],
  'chat.scheduleMessage': ['chat:write'],
  'chat.deleteScheduledMessage': ['chat:write'],
  'chat.getPermalink': [],
  'users.info': ['users:read'],
  'users.list': ['users:read'],
  'users.lookupByEmail': ['users:read.email'],
  'usergroups.users.list': ['usergroups:read'],
  'conversations.open': ['im:write'],
  // is_member of a public channel needs channels:read; of a private one, groups:read.
  'conversations.info': ['channels:read', 'groups:read'],
  'views.open': [],
  'views.update': [],
  'views.push': [],
  'views.publish': [],
};

/**
 * Web API methods the code calls: through a WebClient named `client` (the name Bolt gives it in listener args,
 * used throughout src/: `client.chat.postMessage(`, also split over lines), `apiCall('method')`, and `say()`.
 */
function calledWebApiMethods(): Map<string, string[]> {
  const methods = new Map<string, string[]>();
  const add = (method: string, file: string): void => void methods.set(method, [...(methods.get(method) ?? []), file]);
  for (const { file, match } of scan(/\bclient\s*\.\s*([a-z][A-Za-z]*(?:\s*\.\s*[A-Za-z]+)+)\s*\(/g)) {
    add((match[1] ?? '').replace(/\s+/g, ''), file);
  }
  for (const { file, match } of scan(/\bapiCall\s*\(\s*['"`]([\w.]+)['"`]/g)) add(match[1] ?? '', file);
  for (const { file } of scan(/\bsay\s*\(/g)) add('chat.postMessage', file);
  return methods;
}

/** First arguments of `app.<kind>(` registrations anywhere in src/ (raw source text of the argument). */
function registrations(
  kind: 'command' | 'event' | 'message' | 'action' | 'view' | 'shortcut' | 'options',
): Array<{ file: string; arg: string }> {
  return scan(new RegExp(`\\bapp\\s*\\.\\s*${kind}\\s*(?:<[^>]*>)?\\s*\\(\\s*([^,)]*)`, 'g')).map(
    ({ file, match }) => ({
      file,
      arg: (match[1] ?? '').trim(),
    }),
  );
}

/** Resolves a registration argument: a string literal, or an identifier exported from src/slack/ids.ts. */
function literal(arg: string, constants: Record<string, string>): string {
  const quoted = /^(['"`])(.*)\1$/.exec(arg);
  if (quoted) return quoted[2] ?? '';
  const value = constants[arg];
  if (value === undefined)
    throw new Error(`cannot resolve ${arg}: use a string literal or add it to the resolver in this test`);
  return value;
}

const socket = loadManifest('manifest.json');
const http = loadManifest('manifest.http.json');
const BOTH = [
  ['manifest.json', socket],
  ['manifest.http.json', http],
] as const;

describe('Slack manifest schema (pinned copy)', () => {
  it('is the draft-07 dispatcher with the v1 and v2 schemas, both draft-07', () => {
    for (const file of [
      'manifest.schema.json',
      'schemas/manifest.schema.1.0.0.json',
      'schemas/manifest.schema.2.0.0.json',
    ]) {
      expect((readJson(join(SCHEMA_DIR, file)) as { $schema?: string }).$schema, file).toBe(
        'http://json-schema.org/draft-07/schema#',
      );
    }
  });

  it('rejects invalid manifests, so a passing validation means something', () => {
    const base = (): Manifest => structuredClone(socket);
    const cases: Array<{ name: string; mutate: (m: Manifest) => void; path: string }> = [
      {
        name: 'command without the leading /',
        mutate: (m) => void (m.features!.slash_commands![0]!.command = 'alert-contact'),
        path: '/features/slash_commands/0/command',
      },
      {
        name: 'display name over 35 characters',
        mutate: (m) => void (m.display_information.name = 'A'.repeat(36)),
        path: '/display_information/name',
      },
      {
        name: 'empty usage_hint',
        mutate: (m) => void (m.features!.slash_commands![0]!.usage_hint = ''),
        path: '/features/slash_commands/0/usage_hint',
      },
      {
        name: 'long_description under 175 characters',
        mutate: (m) => void (m.display_information.long_description = 'Too short.'),
        path: '/display_information/long_description',
      },
      {
        name: 'background_color not #rgb/#rrggbb (the schema\'s "regex" keyword)',
        mutate: (m) => Object.assign(m.display_information, { background_color: '#12345g' }),
        path: '/display_information/background_color',
      },
      { name: 'unknown top-level key', mutate: (m) => Object.assign(m, { setings: {} }), path: '/' },
      {
        name: 'interactivity without is_enabled',
        mutate: (m) => void (m.settings!.interactivity = {} as { is_enabled: boolean }),
        path: '/settings/interactivity',
      },
    ];
    for (const { name, mutate, path } of cases) {
      const manifest = base();
      mutate(manifest);
      expect(validateManifest(manifest), name).toBe(false);
      expect(
        (validateManifest.errors ?? []).map((e) => e.instancePath || '/'),
        name,
      ).toContain(path);
    }
    expect(schemaErrors(base())).toEqual([]);
  });
});

describe.each(BOTH)('%s', (file, manifest) => {
  it("validates against Slack's manifest schema and points $schema at it", () => {
    expect(schemaErrors(readJson(join(ROOT, 'manifests', file)))).toEqual([]);
    expect(manifest.$schema).toBe(SCHEMA_URL);
    expect(manifest._metadata?.major_version).toBe(1);
  });

  it('describes the app: name, short and long description, bot user', () => {
    expect(manifest.display_information.name).toBe('Alert Contact');
    expect(manifest.display_information.description?.length).toBeLessThanOrEqual(140);
    expect(manifest.display_information.long_description).toContain(COMMAND);
    expect(manifest.display_information.long_description).toMatch(/CloudMonitor/);
    expect(manifest.features?.bot_user?.display_name).toBeTruthy();
  });

  it('declares exactly the slash commands the app registers', () => {
    const registered = registrations('command').map(({ arg }) => literal(arg, { COMMAND }));
    expect(registered.length).toBeGreaterThan(0);
    const commands = manifest.features?.slash_commands ?? [];
    expect(commands.map((c) => c.command).sort()).toEqual([...registered].sort());
    expect(commands.map((c) => c.command)).toContain(COMMAND);
    for (const command of commands) {
      expect(command.description.length).toBeGreaterThan(0);
      expect(command.usage_hint?.length ?? 0).toBeGreaterThan(0);
      // `audit @user` needs the mention as <@U…> (Slack sends it only with should_escape on:
      // https://docs.slack.dev/interactivity/implementing-slash-commands).
      expect(command.should_escape).toBe(true);
    }
  });

  it('subscribes to exactly the events the app listens to (none today)', () => {
    const eventListeners = registrations('event').map(({ arg, file: at }) => ({ at, event: literal(arg, {}) }));
    const messageListeners = registrations('message');
    const botEvents = manifest.settings?.event_subscriptions?.bot_events ?? [];
    expect(
      [...new Set(eventListeners.map((l) => l.event))].sort(),
      'app.event() names vs bot_events (minus message.*)',
    ).toEqual(botEvents.filter((e) => !e.startsWith('message.')).sort());
    // app.message() needs at least one message.* event; message.* events without app.message() are unused.
    expect(
      botEvents.some((e) => e.startsWith('message.')),
      'app.message() listeners vs message.* bot_events',
    ).toBe(messageListeners.length > 0);
    expect(manifest.settings?.event_subscriptions?.user_events ?? []).toEqual([]);
    if (botEvents.length === 0) expect(manifest.settings?.event_subscriptions).toBeUndefined();
  });

  it('requests exactly the bot scopes the code needs', () => {
    const called = calledWebApiMethods();
    expect([...called.keys()], 'the scanner should find the Web API calls').toEqual(
      expect.arrayContaining(['chat.postMessage', 'users.info']),
    );
    const unknown = [...called.keys()].filter((m) => !(m in METHOD_SCOPES));
    expect(unknown, 'Web API methods with no entry in METHOD_SCOPES (add them with their scopes)').toEqual([]);
    const needed = new Set([...called.keys()].flatMap((m) => METHOD_SCOPES[m] ?? []));
    if ((manifest.features?.slash_commands ?? []).length > 0) needed.add('commands');
    // users.info returns profile.email only with users:read.email; the prefill reads it.
    if (scan(/\bprofile\s*\??\.\s*email\b/g).length > 0) needed.add('users:read.email');
    expect([...(manifest.oauth_config?.scopes?.bot ?? [])].sort()).toEqual([...needed].sort());
    expect(manifest.oauth_config?.scopes?.user ?? []).toEqual([]);
  });

  it('enables interactivity (buttons and modals) and a read-only messages tab for the DMs', () => {
    expect(registrations('action').length + registrations('view').length).toBeGreaterThan(0);
    expect(manifest.settings?.interactivity?.is_enabled).toBe(true);
    // The bot DMs requesters by posting to their user ID, which lands in the App Home messages tab.
    expect(manifest.features?.app_home?.messages_tab_enabled).toBe(true);
    expect(manifest.features?.app_home?.messages_tab_read_only_enabled).toBe(true);
    // The Home tab is enabled exactly when the app publishes one (views.publish on app_home_opened).
    expect(manifest.features?.app_home?.home_tab_enabled ?? false).toBe(calledWebApiMethods().has('views.publish'));
    expect(manifest.settings?.org_deploy_enabled).toBe(false);
    expect(manifest.settings?.token_rotation_enabled).toBe(false);
  });
});

describe('mode-specific settings', () => {
  it('manifest.json is the Socket Mode quick start: socket_mode_enabled and no request URLs', () => {
    expect(socket.settings?.socket_mode_enabled).toBe(true);
    expect(collectUrls(socket)).toEqual([]);
  });

  it("manifest.http.json sends every request to Bolt's default /slack/events on one https placeholder host", () => {
    expect(http.settings?.socket_mode_enabled).toBe(false);
    // The app does not override HTTPReceiver's endpoints, so Bolt listens on /slack/events only.
    expect(SOURCES.get('src/app/create-app.ts')).toBeDefined();
    expect(SOURCES.get('src/app/create-app.ts')).not.toMatch(/\bendpoints\s*:/);
    const urls = collectUrls(http);
    const expected = ['/features/slash_commands/0/url', '/settings/interactivity/request_url'];
    // External selects (app.options listeners) get their options from interactivity.message_menu_options_url.
    if (registrations('options').length > 0) expected.push('/settings/interactivity/message_menu_options_url');
    // Events need a request URL in HTTP mode as soon as the app subscribes to any.
    if ((http.settings?.event_subscriptions?.bot_events ?? []).length > 0)
      expected.push('/settings/event_subscriptions/request_url');
    expect(urls.map((u) => u.path).sort()).toEqual(expected.sort());
    for (const { path, url } of urls) {
      const parsed = new URL(url);
      expect(parsed.protocol, path).toBe('https:');
      expect(parsed.pathname, path).toBe(BOLT_ENDPOINT);
      expect(parsed.hostname, path).toBe('your-host.example.com');
    }
  });

  it('the two manifests differ only in the mode: socket_mode_enabled and the request URLs', () => {
    const strip = (m: Manifest): Manifest => {
      const copy = structuredClone(m);
      for (const command of copy.features?.slash_commands ?? []) delete command.url;
      if (copy.settings) {
        delete copy.settings.socket_mode_enabled;
        delete copy.settings.interactivity?.request_url;
        delete copy.settings.interactivity?.message_menu_options_url;
        delete copy.settings.event_subscriptions?.request_url;
      }
      return copy;
    };
    expect(strip(http)).toEqual(strip(socket));
  });
});
