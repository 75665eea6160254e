/**
 * The composition root, shared by both transports (main/electron and main/web): loads the
 * configuration, builds the services and one dispatcher over every capability's handlers.
 * A new capability adds one line to `handlers` below.
 */
import { lockDataFolder } from '../config/data-folder-lock.js';
import pkg from '../../package.json' with { type: 'json' };
import type { AppInfo } from '../../contract/schemas/app.js';
import { loadConfig, type RuntimeConfig } from '../config/index.js';
import type { LoketContext } from '../config/index.js';
import { createDispatcher, type Dispatcher, type Handlers } from './dispatcher.js';
import { EventBus } from '../core/event-bus.js';
import { appHandlers, appInfoFrom } from './handlers/app.js';
import type { DiagnosticsSources } from './handlers/diagnostics.js';
import { attachSaleJournal } from '../sales/sale-journal.js';
import { createHardware, type HardwareOptions } from '../hardware/index.js';
import { hardwareHandlers } from './handlers/hardware.js';
import { salesHandlers } from './handlers/sales.js';
import { receiptHandlers } from './handlers/receipts.js';
import { createSaleReceipts } from '../hardware/printer/sale-receipts.js';
import { reportHandlers } from './handlers/reports.js';
import { createReports, type FolderPicker } from '../reports/index.js';
import { createUitpas } from '../uitpas/index.js';
import { createSales } from '../sales/index.js';
import { createConsoleLogger, type Logger } from '../core/log.js';
import {
  createLogin,
  defaultSecretStore,
  loadSecrets,
  LoginService,
  OidcLoginService,
  UnauthorizedWatch,
  updateSecrets,
  type Login,
  type SecretStore,
} from '../auth/index.js';
import { UitpasError } from '../uitpas/index.js';
import { parseEnvOverrides } from '../config/index.js';
import { SettingsWriter } from '../config/settings-writer.js';
import { authHandlers } from './handlers/auth.js';
import { StaffNames } from '../auth/staff-names.js';
import { demoHandlers } from './handlers/demo.js';
import { startDemoSimulator, startDemoSimulatorV4 } from './demo-simulator.js';
import type { SeedData } from '../tools/simulator/seed.js';
import { settingsHandlers } from './handlers/settings.js';
import { definedOnly } from '../../contract/defined-only.js';

export interface RuntimeOptions {
  transport: 'electron' | 'web';
  env: NodeJS.ProcessEnv;
  /** Default data folder (Electron: userData); LOKET_DATA_DIR overrides it. */
  dataDir?: string;
  log?: Logger;
  /** Electron passes its silent-print transport for 'system' printers (the web host uses CUPS lp). */
  hardware?: HardwareOptions;
  /** Where the log file is and how updates stand (main/electron); the web host logs to the console. */
  diagnostics?: DiagnosticsSources;
  /** Electron passes its safeStorage store; the web host keeps secrets in a 0600 file. */
  secretStore?: (dataDir: string) => SecretStore;
  /** Electron's folder dialog for report.exportCsv; the web host has none (the operator types a path). */
  pickReportFolder?: FolderPicker;
}

export interface Runtime {
  dispatcher: Dispatcher;
  bus: EventBus;
  config: RuntimeConfig;
  info: AppInfo;
  /**
   * UiTiD login and the active counter: the XML LoginService or API 4's OidcLoginService (both a
   * LoginFlow); the transport attaches how it catches the callback.
   */
  login: Login;
  /** Stops every service (reverse order of registration). Safe to call twice. */
  close(): Promise<void>;
}

export async function createRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const log = opts.log ?? createConsoleLogger();
  const config = await loadConfig({ env: opts.env, ...definedOnly({ dataDir: opts.dataDir }) });
  // Before anything is opened or written: a second Loket on the same folder stops here.
  const folderLock = lockDataFolder(config.dataDir, opts.transport === 'electron' ? 'desktop app' : 'web host');
  if (config.settingsError) log.warn(`settings: ${config.settingsError} — running on defaults, the file is kept`);
  for (const w of config.warnings) log.warn(`config: ${w}`);
  const secretStore = (opts.secretStore ?? defaultSecretStore)(config.dataDir);
  const envSecrets = { ...config.secrets };
  const stored = await loadSecrets(config, secretStore, (m) => log.warn(m));
  const settingsWriter = new SettingsWriter(config, parseEnvOverrides(opts.env));

  const bus = new EventBus();
  const closers: Array<() => void | Promise<void>> = [];
  const ctx: LoketContext = {
    config,
    bus,
    log,
    dataDir: config.dataDir,
    transport: opts.transport,
    version: pkg.version,
    onClose: (fn) => void closers.push(fn),
  };
  // Registered first, so it is released last, after every service has stopped.
  ctx.onClose(() => folderLock.release());

  // Until the sales capability probes UiTPAS, nobody knows; the renderer shows that honestly.
  bus.emit('connectivity', { state: 'unknown' });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      for (const fn of closers.reverse()) {
        try {
          await fn();
        } catch (err) {
          log.error('error while closing a service', { err });
        }
      }
    })();
    return closing;
  };

  // A service that fails to start must not leave the ones before it running (open ports, timers).
  let dispatcher: Dispatcher;
  let login: Login;
  try {
    const hardware = createHardware(ctx, opts.hardware);
    // The client signs with, or sends, whatever the login holds right now (read on every call).
    // Each API's client only ever meets its own login (createLogin follows config.settings.uitpas.api).
    let demoSeed: SeedData | undefined;
    const uitpas = await createUitpas(config, {
      credentials: () => (login instanceof LoginService ? login.credentials() : { consumerKey: '', consumerSecret: '' }),
      bearerToken: () =>
        login instanceof OidcLoginService
          ? login.bearerToken()
          : Promise.reject(new UitpasError('unauthorized', 'no UiTiD OpenID Connect login (this installation speaks XML)')),
      startDemo: async () => {
        const simulator = await startDemoSimulator();
        demoSeed = simulator.seed;
        return simulator;
      },
      startDemoV4: async () => {
        const demo = await startDemoSimulatorV4();
        demoSeed = demo.simulator.seed.data;
        return demo;
      },
    });
    ctx.onClose(() => uitpas.close());
    let resumeQueue = () => {};
    login = createLogin(ctx, {
      uitpas,
      store: secretStore,
      envSecrets,
      storedOidc: stored.oidc,
      writer: settingsWriter,
      env: opts.env,
      resumeQueue: () => resumeQueue(),
    });
    // Registered after UiTPAS, so it closes first: the replay worker stops before the client does.
    const sales = await createSales(ctx, new UnauthorizedWatch(uitpas.port, () => login.unauthorized()), {
      session: () => login.session(),
    });
    resumeQueue = () => void sales.syncNow();
    // Nicks and counter names for reports and receipts: fetched when a session starts (the raw
    // client, not the watch: a counter that may not list its staff is no reason to log out).
    const sessionNames = () => ({ ...login.session(), counterName: login.status().counter?.name });
    const names = new StaffNames({
      listEmployees: (key) => uitpas.port.listEmployees(key),
      session: sessionNames,
      log: (msg, err) => log.warn(msg, err === undefined ? undefined : { err }),
    });
    ctx.onClose(() => names.close());
    let lastSession = '';
    bus.attach((name, payload) => {
      if (name !== 'auth') return;
      const s = payload as { state?: string; userId?: string; counter?: { consumerKey: string } };
      const key = s.state === 'ready' ? `${s.userId ?? ''} ${s.counter?.consumerKey ?? ''}` : '';
      if (key !== lastSession && key !== '') void names.sessionStarted();
      lastSession = key;
    });
    const receiptNames = { counterName: (key: string) => names.counterName(key), nick: (uid: string) => names.nick(uid) };
    const receipts = createSaleReceipts({ config: ctx.config, log: ctx.log, names: receiptNames }, hardware.printer);
    bus.emit('auth', login.status());
    // One log line per sale state change, stamped with the sale's UUID (main/sales/sale-journal.ts).
    ctx.onClose(attachSaleJournal(bus, log));
    const reports = createReports(ctx, {
      session: sessionNames,
      nameOf: (uid) => names.nick(uid),
      printer: hardware.printer,
      ...definedOnly({ pickFolder: opts.pickReportFolder }),
    });
    const handlers: Handlers = {
      ...appHandlers(ctx, opts.diagnostics),
      ...hardwareHandlers(hardware),
      // Every sale prints its receipt, right after the answer.
      ...salesHandlers(sales, { afterSell: receipts.afterSell }),
      ...receiptHandlers(sales, receipts),
      ...reportHandlers(reports),
      ...authHandlers(login),
      ...settingsHandlers({
        config: ctx.config,
        writer: settingsWriter,
        log: ctx.log,
        mainOnlyProblems: (before, next) => hardware.settingsProblems(before, next),
        consumerSecret: {
          save: (secret) => updateSecrets(secretStore, (s) => ({ ...s, consumerSecret: secret })),
          isStored: async () => Boolean((await secretStore.load()).consumerSecret),
        },
        clientSecret: {
          save: (secret) => updateSecrets(secretStore, (s) => ({ ...s, clientSecret: secret })),
          isStored: async () => Boolean((await secretStore.load()).clientSecret),
        },
      }),
      ...demoHandlers(() => demoSeed),
    };
    dispatcher = createDispatcher(handlers, (msg, err) => log.error(msg, { err }));
  } catch (err) {
    await close();
    throw err;
  }

  log.info(`Loket ${pkg.version} started (${config.mode} mode, ${opts.transport}, data in ${config.dataDir})`);
  return { dispatcher, bus, config, info: appInfoFrom(ctx), login, close };
}
