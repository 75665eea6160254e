/**
 * A test double of the `electron` module, for `vi.mock('electron', () => import('./electron-double.js'))`.
 * There is no Electron binary on the development machines, so main/electron/ is tested against
 * this. It models the real behaviour the code relies on (see node_modules/electron/electron.d.ts):
 * - ipcMain.handle refuses a second handler for a channel; invoking a channel without a handler
 *   rejects with Electron's "No handler registered" error;
 * - IPC arguments and results are structured-cloned (functions cannot cross);
 * - invoke events carry `sender` (WebContents) and `senderFrame` (WebFrameMain or null);
 * - navigation events are `Event<Params>` objects with `url` and `preventDefault()`;
 * - protocol.registerSchemesAsPrivileged throws once the app is ready;
 * - contextBridge.exposeInMainWorld refuses a key that is already exposed;
 * - app 'before-quit' can be prevented, and quitting waits for it.
 * Signatures are typed against Electron's own types where the code under test calls them.
 */
import { EventEmitter } from 'node:events';
import type {
  BrowserWindowConstructorOptions,
  CustomScheme,
  HandlerDetails,
  IpcMainInvokeEvent,
  OnBeforeRequestListenerDetails,
  CallbackResponse,
  WindowOpenHandlerResponse,
} from 'electron';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** An Electron `Event<Params>`: the params are spread onto the event object. */
export function electronEvent<P extends object>(params: P): P & { preventDefault(): void; readonly defaultPrevented: boolean } {
  let prevented = false;
  const event = Object.assign(Object.create(null) as object, params);
  Object.defineProperties(event, {
    preventDefault: { value: () => void (prevented = true) },
    defaultPrevented: { get: () => prevented },
  });
  return event as P & { preventDefault(): void; readonly defaultPrevented: boolean };
}

let nextId = 1;

export class WebFrameMainDouble {
  readonly processId: number;
  readonly routingId: number;
  url: string;
  readonly parent: WebFrameMainDouble | null;
  detached = false;
  constructor(url: string, parent: WebFrameMainDouble | null, processId: number) {
    this.url = url;
    this.parent = parent;
    this.processId = processId;
    this.routingId = nextId++;
  }
}

export class WebContentsDouble extends EventEmitter {
  readonly id = nextId++;
  readonly processId = nextId++;
  mainFrame: WebFrameMainDouble;
  private windowOpenHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | null = null;
  private destroyed = false;
  /** Messages main sent to this renderer, after structured cloning. */
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  /** The renderer side (preload's ipcRenderer) when one is attached. */
  renderer: IpcRendererDouble | null = null;

  constructor() {
    super();
    this.mainFrame = new WebFrameMainDouble('about:blank', null, this.processId);
  }

  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    const cloned = structuredClone(args);
    this.sent.push({ channel, args: cloned });
    this.renderer?.deliver(channel, cloned);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.mainFrame.detached = true;
    this.emit('destroyed');
  }

  /** loadURL does not emit will-navigate in Electron (only renderer-initiated navigation does). */
  loadURL(url: string): Promise<void> {
    this.mainFrame.detached = true;
    this.mainFrame = new WebFrameMainDouble(url, null, this.processId);
    this.emit('did-finish-load');
    return Promise.resolve();
  }

  reload(): void {
    void this.loadURL(this.mainFrame.url);
  }

  /** Printers the OS reports (`getPrintersAsync`); tests set them on `printing`. */
  getPrintersAsync(): Promise<Array<{ name: string; displayName: string; description: string; options: Record<string, string> }>> {
    return Promise.resolve(printing.printers.map((name) => ({ name, displayName: name, description: '', options: {} })));
  }

  /** Like Electron: the callback says whether the job reached the spooler, and why not. */
  print(options: Record<string, unknown> = {}, callback?: (success: boolean, failureReason: string) => void): void {
    printing.jobs.push({ options: structuredClone(options), url: this.mainFrame.url });
    const failure = printing.failWith;
    queueMicrotask(() => callback?.(failure === undefined, failure ?? ''));
  }

  // ---- simulations of what a page does ----

  /** The page navigates (link, location.href): will-navigate, then the navigation unless prevented. */
  pageNavigates(url: string): { prevented: boolean } {
    const event = electronEvent({ url, isSameDocument: false, isMainFrame: true, frame: this.mainFrame, initiator: this.mainFrame });
    this.emit('will-navigate', event, url, false, true, this.processId, this.mainFrame.routingId);
    if (!event.defaultPrevented) {
      void this.loadURL(url);
    }
    return { prevented: event.defaultPrevented };
  }

  /** A subframe navigates: will-frame-navigate only. */
  frameNavigates(frame: WebFrameMainDouble, url: string): { prevented: boolean } {
    const event = electronEvent({ url, isSameDocument: false, isMainFrame: frame.parent === null, frame, initiator: frame });
    this.emit('will-frame-navigate', event);
    if (!event.defaultPrevented) frame.url = url;
    return { prevented: event.defaultPrevented };
  }

  /** A server redirect during navigation. */
  redirects(url: string): { prevented: boolean } {
    const event = electronEvent({ url, isSameDocument: false, isMainFrame: true, frame: this.mainFrame, initiator: null });
    this.emit('will-redirect', event, url, false, true, this.processId, this.mainFrame.routingId);
    return { prevented: event.defaultPrevented };
  }

  /** window.open / target=_blank: with no handler Electron opens a new window. */
  pageOpensWindow(url: string): WindowOpenHandlerResponse {
    if (!this.windowOpenHandler) return { action: 'allow' };
    return this.windowOpenHandler({
      url,
      frameName: '',
      features: '',
      disposition: 'new-window',
      referrer: { url: this.mainFrame.url, policy: 'strict-origin-when-cross-origin' },
    });
  }

  /** A <webview> tag is about to attach. */
  attachesWebview(): { prevented: boolean } {
    const event = electronEvent({});
    this.emit('will-attach-webview', event, {}, {});
    return { prevented: event.defaultPrevented };
  }

  /** An iframe inside the main frame. */
  addSubframe(url: string): WebFrameMainDouble {
    return new WebFrameMainDouble(url, this.mainFrame, this.processId);
  }
}

export class BrowserWindowDouble extends EventEmitter {
  static readonly instances: BrowserWindowDouble[] = [];
  readonly options: BrowserWindowConstructorOptions;
  readonly webContents = new WebContentsDouble();
  visible = false;
  focused = false;
  minimized = false;
  private destroyed = false;

  constructor(options: BrowserWindowConstructorOptions = {}) {
    super();
    this.options = structuredClone(options);
    BrowserWindowDouble.instances.push(this);
  }

  loadURL(url: string): Promise<void> {
    const loaded = this.webContents.loadURL(url);
    this.emit('ready-to-show');
    return loaded;
  }

  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focused = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroy();
    this.emit('closed');
    app.windowClosed();
  }
  /** Closes without a 'close' event (Electron's destroy()); 'closed' still follows. */
  destroy(): void {
    this.close();
  }
}

/** What the OS print system of the double knows and did. */
export const printing: {
  printers: string[];
  jobs: Array<{ options: Record<string, unknown>; url: string }>;
  failWith: string | undefined;
} = { printers: [], jobs: [], failWith: undefined };

class IpcMainDouble extends EventEmitter {
  readonly handlers = new Map<string, Handler>();

  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** Channels with an ipcMain.on/once listener (send/sendSync style), besides handle(). */
  listenedChannels(): string[] {
    return this.eventNames().map(String);
  }
}

export const ipcMain = new IpcMainDouble();

/** The renderer side of IPC, bound to the frame that sends (set with `attachTo`). */
export class IpcRendererDouble extends EventEmitter {
  /** Channels the preload invoked, in order (to prove a refused call never left the renderer). */
  readonly invoked: string[] = [];
  private contents: WebContentsDouble | null = null;
  private frame: WebFrameMainDouble | null = null;

  /** Simulates the preload running in `frame` (default: the main frame) of `contents`. */
  attachTo(contents: WebContentsDouble, frame: WebFrameMainDouble | null = contents.mainFrame): void {
    this.contents = contents;
    this.frame = frame;
    contents.renderer = this;
  }

  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    // Electron serialises the arguments before sending: this throws for functions, symbols...
    let cloned: unknown[];
    try {
      cloned = structuredClone(args);
    } catch {
      throw new Error('An object could not be cloned.');
    }
    this.invoked.push(channel);
    const handler = ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    if (!this.contents) throw new Error('ipcRenderer double is not attached to a WebContents');
    const frame = this.frame && !this.frame.detached ? this.frame : null;
    const event = electronEvent({
      sender: this.contents,
      senderFrame: frame,
      frameId: frame?.routingId ?? -1,
      processId: this.contents.processId,
      type: 'frame',
    }) as unknown as IpcMainInvokeEvent;
    return structuredClone(await handler(event, ...cloned));
  }

  deliver(channel: string, args: unknown[]): void {
    this.emit(channel, { sender: this }, ...args);
  }
}

export const ipcRenderer = new IpcRendererDouble();

class ContextBridgeDouble {
  readonly exposed = new Map<string, unknown>();
  exposeInMainWorld(apiKey: string, api: unknown): void {
    if (this.exposed.has(apiKey)) throw new Error(`Cannot bind an API on top of an existing property on the window object`);
    this.exposed.set(apiKey, api);
  }
}
export const contextBridge = new ContextBridgeDouble();

class ProtocolDouble {
  readonly handlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  readonly privileged: CustomScheme[] = [];

  registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void {
    if (app.isReady()) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    this.privileged.push(...structuredClone(customSchemes));
  }

  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    if (this.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    this.handlers.set(scheme, handler);
  }

  /** What Chromium would get for a request to `url`. */
  async fetch(url: string, init?: RequestInit): Promise<Response> {
    const scheme = new URL(url).protocol.slice(0, -1);
    const handler = this.handlers.get(scheme);
    if (!handler) throw new Error(`net::ERR_UNKNOWN_URL_SCHEME ${url}`);
    return handler(new Request(url, init));
  }
}

type PermissionRequestHandler = (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
type PermissionCheckHandler = (webContents: unknown, permission: string, requestingOrigin: string, details: unknown) => boolean;
type BeforeRequestListener = (details: OnBeforeRequestListenerDetails, callback: (response: CallbackResponse) => void) => void;

class SessionDouble {
  readonly protocol = new ProtocolDouble();
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  devicePermissionHandler: ((details: unknown) => boolean) | null = null;
  private beforeRequest: BeforeRequestListener | null = null;

  readonly webRequest = {
    onBeforeRequest: (filterOrListener: unknown, maybeListener?: BeforeRequestListener | null) => {
      this.beforeRequest = (
        typeof filterOrListener === 'function' ? filterOrListener : (maybeListener ?? null)
      ) as BeforeRequestListener | null;
    },
  };

  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: ((details: unknown) => boolean) | null): void {
    this.devicePermissionHandler = handler;
  }

  /** A page asks for a permission; with no handler Electron grants it. */
  requestPermission(permission: string): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) => handler(null, permission, resolve, { requestingUrl: 'app://loket/index.html' }));
  }
  /** A page checks a permission; with no handler Electron answers from its defaults (granted). */
  checkPermission(permission: string, origin = 'app://loket'): boolean {
    return this.permissionCheckHandler ? this.permissionCheckHandler(null, permission, origin, {}) : true;
  }
  /** A page asks for a HID/USB/serial device. */
  checkDevice(deviceType: string): boolean {
    return this.devicePermissionHandler ? this.devicePermissionHandler({ deviceType, origin: 'app://loket', device: {} }) : true;
  }
  /** Whether a network request from a page goes out. */
  requestGoesOut(url: string): Promise<boolean> {
    const listener = this.beforeRequest;
    if (!listener) return Promise.resolve(true);
    return new Promise((resolve) =>
      listener(
        {
          url,
          method: 'GET',
          id: nextId++,
          resourceType: 'other',
          timestamp: 0,
          uploadData: [],
        } as unknown as OnBeforeRequestListenerDetails,
        (r) => resolve(!r.cancel),
      ),
    );
  }
}

const partitions = new Map<string, SessionDouble>();
export const session = {
  defaultSession: new SessionDouble(),
  /** The same Session object for the same partition name, as Electron does. */
  fromPartition(partition: string): SessionDouble {
    let ses = partitions.get(partition);
    if (!ses) {
      ses = new SessionDouble();
      partitions.set(partition, ses);
    }
    return ses;
  },
  /** Test helper: the sessions created so far by name. */
  partitions,
};

/**
 * safeStorage: a reversible transform standing in for the OS encryption (the ciphertext never
 * contains the plain text), the Linux backend settable, and "not available" simulable.
 */
class SafeStorageDouble {
  backend: 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown' = 'gnome_libsecret';
  available = true;
  /** Ciphertext from "another machine" cannot be decrypted with this key. */
  key = 0x5a;
  getSelectedStorageBackend() {
    return this.backend;
  }
  isAsyncEncryptionAvailable(): Promise<boolean> {
    return Promise.resolve(this.available);
  }
  encryptStringAsync(plainText: string): Promise<Buffer> {
    if (!this.available) return Promise.reject(new Error('Encryption is not available.'));
    const bytes = Buffer.from(`v10${plainText}`, 'utf8');
    return Promise.resolve(Buffer.from(bytes.map((b) => b ^ this.key)));
  }
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }> {
    const text = Buffer.from(encrypted.map((b) => b ^ this.key)).toString('utf8');
    if (!text.startsWith('v10'))
      return Promise.reject(new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.'));
    return Promise.resolve({ shouldReEncrypt: false, result: text.slice(3) });
  }
  reset(): void {
    this.backend = 'gnome_libsecret';
    this.available = true;
    this.key = 0x5a;
  }
}
export const safeStorage = new SafeStorageDouble();
export const protocol = session.defaultSession.protocol;

class AppDouble extends EventEmitter {
  hasLock = true;
  packaged = false;
  userData = '/tmp/loket-double-userdata';
  exitCode: number | null = null;
  quitRequested = 0;
  hasQuit = false;
  private ready = false;
  private readyResolvers: Array<() => void> = [];

  get isPackaged(): boolean {
    return this.packaged;
  }
  /** app.enableSandbox(): every renderer sandboxed; Electron refuses it once the app is ready. */
  sandboxEnabled = false;
  enableSandbox(): void {
    if (this.ready) throw new Error('app.enableSandbox() can only be called before app is ready');
    this.sandboxEnabled = true;
  }
  requestSingleInstanceLock(): boolean {
    return this.hasLock;
  }
  isReady(): boolean {
    return this.ready;
  }
  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyResolvers.push(resolve));
  }
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`double: getPath(${name}) not modelled`);
    return this.userData;
  }
  setPath(name: string, value: string): void {
    if (name !== 'userData') throw new Error(`double: setPath(${name}) not modelled`);
    this.userData = value;
  }
  getVersion(): string {
    return '0.0.0-double';
  }
  quit(): void {
    this.quitRequested++;
    const event = electronEvent({});
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    this.hasQuit = true;
    this.emit('will-quit', electronEvent({}));
    this.emit('quit', electronEvent({}), 0);
  }
  exit(code = 0): void {
    this.exitCode = code;
    this.hasQuit = true;
  }

  reset(): void {
    this.removeAllListeners();
    this.hasLock = true;
    this.packaged = false;
    this.userData = '/tmp/loket-double-userdata';
    this.exitCode = null;
    this.quitRequested = 0;
    this.hasQuit = false;
    this.sandboxEnabled = false;
    this.ready = false;
    this.readyResolvers = [];
  }

  // ---- simulations ----
  becomeReady(): void {
    this.ready = true;
    this.emit('ready', electronEvent({}), {});
    for (const resolve of this.readyResolvers.splice(0)) resolve();
  }
  windowClosed(): void {
    if (BrowserWindowDouble.instances.every((w) => w.isDestroyed())) this.emit('window-all-closed');
  }
}

export const app = new AppDouble();

class DialogDouble {
  readonly errorBoxes: Array<{ title: string; content: string }> = [];
  /** Every showOpenDialog, with its parent window when one was given (as Electron's overloads allow). */
  readonly openDialogs: Array<{ window: BrowserWindowDouble | undefined; options: Record<string, unknown> }> = [];
  /** What the operator "picks" in the next open dialogs; cancelled when unset. */
  openDialogAnswer: { canceled: boolean; filePaths: string[] } = { canceled: true, filePaths: [] };
  showErrorBox(title: string, content: string): void {
    this.errorBoxes.push({ title, content });
  }
  showOpenDialog(
    a: BrowserWindowDouble | Record<string, unknown>,
    b?: Record<string, unknown>,
  ): Promise<{ canceled: boolean; filePaths: string[] }> {
    if (b) this.openDialogs.push({ window: a as BrowserWindowDouble, options: b });
    else this.openDialogs.push({ window: undefined, options: a as Record<string, unknown> });
    return Promise.resolve({ ...this.openDialogAnswer, filePaths: [...this.openDialogAnswer.filePaths] });
  }
}
export const dialog = new DialogDouble();

/** Back to a fresh process: no windows, handlers, listeners or recorded calls. */
export function resetElectronDouble(): void {
  BrowserWindowDouble.instances.length = 0;
  ipcMain.handlers.clear();
  ipcMain.removeAllListeners();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invoked.length = 0;
  contextBridge.exposed.clear();
  const ses = session.defaultSession;
  ses.protocol.handlers.clear();
  ses.protocol.privileged.length = 0;
  ses.permissionRequestHandler = null;
  ses.permissionCheckHandler = null;
  ses.devicePermissionHandler = null;
  ses.webRequest.onBeforeRequest(null);
  app.reset();
  dialog.errorBoxes.length = 0;
  dialog.openDialogs.length = 0;
  dialog.openDialogAnswer = { canceled: true, filePaths: [] };
  partitions.clear();
  safeStorage.reset();
  printing.printers = [];
  printing.jobs.length = 0;
  printing.failWith = undefined;
}

export { BrowserWindowDouble as BrowserWindow };

export default { app, BrowserWindow: BrowserWindowDouble, ipcMain, ipcRenderer, contextBridge, protocol, session, dialog, safeStorage };
