import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import Module from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REQUEST_SCHEMAS } from '../../../src/shared/ipc/schemas'
import { waitFor } from '../../helpers/fixtures'
import { tempFolder } from '../../helpers/temp'

const ROOT = resolve(__dirname, '../../..')
const MAIN = join(ROOT, 'out/main/index.js')
const PRELOAD = join(ROOT, 'out/preload/index.js')
const RENDERER_INDEX = join(ROOT, 'out/renderer/index.html')

type Handler = (event: unknown, payload?: unknown) => unknown
type Listener = (...args: unknown[]) => void

/**
 * Just enough of Electron for the built bundles to load in plain Node: it records what they
 * ask for (window options, IPC handlers, listeners, exposed APIs) so the tests can check it.
 */
function standInElectron() {
  const handlers = new Map<string, Handler>()
  const appListeners = new Map<string, Listener>()
  const windows: Array<{ options: Record<string, unknown>; instance: StandInWindow }> = []
  const exposed = new Map<string, unknown>()
  const invoked: Array<[string, unknown]> = []
  const rendererListeners = new Map<string, Listener>()
  let permissionHandler:
    | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void)
    | undefined

  class StandInWindow {
    readonly contentsListeners = new Map<string, Listener>()
    windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined
    readonly mainFrame = { url: pathToFileURL(RENDERER_INDEX).href }
    readonly webContents = {
      mainFrame: this.mainFrame,
      on: (name: string, listener: Listener) => this.contentsListeners.set(name, listener),
      setWindowOpenHandler: (handler: (details: { url: string }) => { action: string }) => {
        this.windowOpenHandler = handler
      },
      session: {
        setPermissionRequestHandler: (handler: typeof permissionHandler) =>
          (permissionHandler = handler),
      },
      send: (channel: string, payload: unknown) => sent.push([channel, payload]),
      isDestroyed: () => false,
    }
    constructor(options: Record<string, unknown>) {
      windows.push({ options, instance: this })
    }
    once() {}
    on() {}
    getBounds() {
      return { x: 10, y: 20, width: 1000, height: 700 }
    }
    loadFile() {
      return Promise.resolve()
    }
    loadURL() {
      return Promise.resolve()
    }
    isDestroyed() {
      return false
    }
    show() {}
    focus() {}
  }

  /** The tray as the app drives it: its image, tooltip and menu, as last set. */
  type TrayItem = { label?: string; type?: string; checked?: boolean; click?: () => void }
  const trays: Array<{ image: string; tooltip: string; menu: TrayItem[] }> = []
  const quits: number[] = []
  class StandInTray {
    readonly shown = { image: '', tooltip: '', menu: [] as TrayItem[] }
    constructor(image: { path: string }) {
      this.shown.image = image.path
      trays.push(this.shown)
    }
    setImage(image: { path: string }) {
      this.shown.image = image.path
    }
    setToolTip(text: string) {
      this.shown.tooltip = text
    }
    setContextMenu(menu: TrayItem[]) {
      this.shown.menu = menu
    }
  }

  const userData = tempFolder('user-data')
  const onListeners = new Map<string, Listener>()
  const sent: Array<[string, unknown]> = []
  const openedExternally: string[] = []
  const messageBoxes: Array<{ message: string; detail?: string }> = []
  const saveDialogs: Array<{ defaultPath?: string }> = []
  const saveDialogAnswers: Array<{ canceled: boolean; filePath?: string }> = []
  const openDialogAnswers: Array<{ canceled: boolean; filePaths: string[] }> = []
  const menus: Array<
    Array<{
      label?: string
      role?: string
      submenu?: Array<{ label?: string; role?: string; click?: () => void }>
    }>
  > = []
  const electron = {
    app: {
      whenReady: () => Promise.resolve(),
      on: (name: string, listener: Listener) => appListeners.set(name, listener),
      getAppPath: () => ROOT,
      getPath: (name: string) => (name === 'userData' ? userData : tmpdir()),
      getVersion: () => '0.0.0-test',
      quit: () => {
        quits.push(Date.now())
      },
    },
    BrowserWindow: StandInWindow,
    Tray: StandInTray,
    nativeImage: { createFromPath: (path: string) => ({ path }) },
    ipcMain: {
      handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
      removeHandler: (channel: string) => handlers.delete(channel),
      on: (channel: string, listener: Listener) => onListeners.set(channel, listener),
    },
    Menu: {
      buildFromTemplate: (template: (typeof menus)[number]) => template,
      setApplicationMenu: (template: (typeof menus)[number]) => menus.push(template),
    },
    dialog: {
      showMessageBox: (_window: unknown, options: { message: string; detail?: string }) => {
        messageBoxes.push(options)
        return Promise.resolve({ response: 0 })
      },
      showSaveDialog: (options: { defaultPath?: string }) => {
        saveDialogs.push(options)
        return Promise.resolve(saveDialogAnswers.shift() ?? { canceled: true })
      },
      showOpenDialog: () =>
        Promise.resolve(openDialogAnswers.shift() ?? { canceled: true, filePaths: [] }),
    },
    shell: {
      openExternal: (url: string) => {
        openedExternally.push(url)
        return Promise.resolve()
      },
    },
    contextBridge: { exposeInMainWorld: (name: string, api: unknown) => exposed.set(name, api) },
    ipcRenderer: {
      invoke: (channel: string, payload: unknown) => {
        invoked.push([channel, payload])
        return Promise.resolve({ ok: true, value: null })
      },
      on: (channel: string, listener: Listener) => rendererListeners.set(channel, listener),
      removeListener: (channel: string) => rendererListeners.delete(channel),
    },
  }
  return {
    electron,
    handlers,
    appListeners,
    windows,
    exposed,
    invoked,
    rendererListeners,
    userData,
    onListeners,
    messageBoxes,
    saveDialogs,
    saveDialogAnswers,
    openDialogAnswers,
    menus,
    trays,
    quits,
    sent,
    openedExternally,
    permission: () => permissionHandler,
  }
}

/** Loads a built CommonJS bundle with `require('electron')` answered by the stand-in. */
function loadWithStandIn(bundle: string, electron: unknown): void {
  const moduleWithLoad = Module as unknown as {
    _load: (request: string, ...rest: unknown[]) => unknown
  }
  const original = moduleWithLoad._load
  moduleWithLoad._load = (request, ...rest) =>
    request === 'electron' ? electron : original(request, ...rest)
  try {
    Module.createRequire(__filename)(bundle)
  } finally {
    moduleWithLoad._load = original
  }
}

describe('the built main process', () => {
  const standIn = standInElectron()
  const runtimeDir = tempFolder('main')
  const runtimeFileText = () => {
    try {
      return readFileSync(join(runtimeDir, 'runtime.json'), 'utf8')
    } catch {
      return ''
    }
  }

  beforeAll(async () => {
    process.env.CLUSTER_DESK_RUNTIME_DIR = runtimeDir
    // A settings file cut short by a crash: the app must keep it aside and say so.
    writeFileSync(join(standIn.userData, 'settings.json'), '{"version": 1, "clusters": [')
    loadWithStandIn(MAIN, standIn.electron)
    await waitFor(
      'the window',
      () => standIn.windows.length,
      (n) => n === 1,
    )
    await waitFor('the runtime file', runtimeFileText, (text) => text.includes('"desktop"'))
  })

  afterAll(async () => {
    // Quitting stops every node and removes the runtime file.
    let prevented = false
    standIn.appListeners.get('before-quit')?.({ preventDefault: () => (prevented = true) })
    expect(prevented).toBe(true)
    await waitFor('the runtime file to go', runtimeFileText, (text) => text === '')
    delete process.env.CLUSTER_DESK_RUNTIME_DIR
  })

  it('creates the window locked down', () => {
    const { options, instance } = standIn.windows[0]!
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      disableBlinkFeatures: 'Auxclick',
      preload: expect.stringMatching(/out\/preload\/index\.js$/),
    })
    // Every new-window request is denied; only a node's own page goes to the browser.
    for (const url of [
      'https://example.com',
      'http://127.0.0.1:4001@example.com/',
      'file:///etc/passwd',
      'http://127.0.0.1:4001/',
    ]) {
      expect(instance.windowOpenHandler?.({ url })).toEqual({ action: 'deny' })
    }
    expect(standIn.openedExternally).toEqual(['http://127.0.0.1:4001/'])
    let navigationPrevented = false
    instance.contentsListeners.get('will-navigate')?.({
      preventDefault: () => (navigationPrevented = true),
    })
    expect(navigationPrevented).toBe(true)
    let granted: boolean | undefined
    standIn.permission()?.({}, 'media', (answer) => (granted = answer))
    expect(granted).toBe(false)
  })

  it('has a tray whose colour follows the cluster and whose menu calls the contract', async () => {
    expect(standIn.trays).toHaveLength(1)
    const tray = standIn.trays[0]!
    expect(tray.image).toMatch(/resources\/tray-stopped\.png$/)
    const item = (label: string) => tray.menu.find((entry) => entry.label === label)!
    expect(tray.menu.map((entry) => entry.label).filter(Boolean)).toEqual(
      expect.arrayContaining([
        'Start cluster',
        'Stop cluster',
        'Restart cluster',
        'Open window',
        'Quit (stops every node)',
      ]),
    )
    const snapshot = async () =>
      (await standIn.handlers.get('cd:cluster:snapshot')!(trustedEvent(), {})) as {
        value: { nodes: Array<{ state: string }> }
      }
    item('Start cluster').click!()
    await waitFor(
      'the tray to turn green',
      () => tray.image,
      (image) => image.endsWith('tray-healthy.png'),
      20_000,
    )
    expect(tray.tooltip).toMatch(/Cluster Desk: Demo, 3 of 3 healthy/)
    tray.menu.find((entry) => entry.label === 'Stop cluster')!.click!()
    await waitFor(
      'the tray to turn grey',
      () => tray.image,
      (image) => image.endsWith('tray-stopped.png'),
      20_000,
    )
    expect((await snapshot()).value.nodes.every((node) => node.state === 'stopped')).toBe(true)
    // Closing the window quits, unless the cluster is to keep running in the tray.
    const keep = () => tray.menu.find((entry) => entry.type === 'checkbox')!
    const closeAll = () => standIn.appListeners.get('window-all-closed')!()
    expect(keep().checked).toBe(false)
    keep().click!()
    expect(keep().checked).toBe(true)
    closeAll()
    expect(standIn.quits).toHaveLength(0)
    keep().click!()
    closeAll()
    expect(standIn.quits).toHaveLength(1)
  })

  it('has a Content Security Policy in the page', () => {
    const html = readFileSync(RENDERER_INDEX, 'utf8')
    const policy = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    expect(policy?.split('; ')).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
      ]),
    )
    expect(policy).not.toContain('unsafe')
  })

  it('registers a handler for every contract channel, and nothing else', () => {
    expect([...standIn.handlers.keys()].sort()).toEqual(Object.keys(REQUEST_SCHEMAS).sort())
    // electron-store's own listener (its paths, for a renderer-side store we do not use) is
    // the only other one; the sandboxed page cannot reach it.
    expect([...standIn.onListeners.keys()]).toEqual(['electron-store-get-data'])
  })

  it('has a menu with the cluster commands and working Edit, View and Window menus', async () => {
    const [menu] = standIn.menus
    expect(menu?.map((item) => item.label ?? item.role)).toEqual(
      expect.arrayContaining(['Cluster', 'editMenu', 'viewMenu', 'windowMenu']),
    )
    const clusterMenu = menu!.find((item) => item.label === 'Cluster')!.submenu!
    expect(clusterMenu.map((item) => item.label ?? item.role)).toEqual([
      'Open Folder…',
      'Open Recent',
      undefined,
      'Start cluster',
      'Stop cluster',
      'Restart cluster',
      undefined,
      'Stop every node and quit',
    ])
  })

  it('opens the cluster of a folder from the menu, remembers it, and says why when there is none', async () => {
    const clusterMenu = () =>
      standIn.menus.at(-1)!.find((item) => item.label === 'Cluster')!.submenu!
    const click = async (label: string) => {
      clusterMenu().find((item) => item.label === label)!.click!()
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    const folder = tempFolder('project')
    const file = join(folder, 'cluster-desk.yaml')
    writeFileSync(file, 'name: opened\nnodes:\n  - {name: web, command: x, port: null}\n')
    standIn.openDialogAnswers.push({ canceled: false, filePaths: [join(folder)] })
    await click('Open Folder…')
    const list = await standIn.handlers.get('cd:clusters:list')!(trustedEvent(), {})
    expect(list).toMatchObject({
      ok: true,
      value: expect.arrayContaining([
        { name: 'opened', source: file, active: true, nodes: 1, file },
      ]),
    })
    const recent = clusterMenu().find((item) => item.label === 'Open Recent') as {
      submenu?: Array<{ label?: string }>
    }
    expect(recent.submenu?.map((item) => item.label)).toEqual([file])

    standIn.openDialogAnswers.push({ canceled: false, filePaths: [tempFolder('empty')] })
    await click('Open Folder…')
    expect(standIn.messageBoxes.at(-1)?.message).toMatch(
      /^There is no cluster-desk\.yaml, \.yml or \.json in /,
    )
    // Back to the Demo, which the tests after this one drive.
    const back = await standIn.handlers.get('cd:clusters:load')!(trustedEvent(), { name: 'Demo' })
    expect(back).toMatchObject({ ok: true, value: { name: 'Demo' } })
  })

  const trustedEvent = () => {
    const window = standIn.windows[0]!.instance
    return { sender: window.webContents, senderFrame: window.mainFrame }
  }

  it('saves an export, streamed, where the save dialog says, and answers with where', async () => {
    const saved = join(tempFolder('saved'), 'chosen.log')
    standIn.saveDialogAnswers.push({ canceled: false, filePath: saved })
    const result = await standIn.handlers.get('cd:logs:export')!(trustedEvent(), {
      node: 'node1',
      format: 'text',
      ansi: 'strip',
    })
    expect(result).toMatchObject({ ok: true, value: { outcome: 'saved', savedTo: saved } })
    expect(standIn.saveDialogs[0]?.defaultPath).toMatch(/Demo-node1-.*\.log$/)
    expect(readFileSync(saved, 'utf8')).toContain('# node:      node1')

    standIn.saveDialogAnswers.push({ canceled: true })
    const cancelled = await standIn.handlers.get('cd:logs:export')!(trustedEvent(), {
      format: 'jsonl',
      ansi: 'keep',
    })
    expect(cancelled).toMatchObject({ ok: true, value: { outcome: 'cancelled' } })
  })

  it('keeps a broken settings file aside, starts with defaults and says so', () => {
    const files = readdirSync(standIn.userData)
    expect(files.some((name) => name.startsWith('settings.json.broken-'))).toBe(true)
    expect(standIn.messageBoxes[0]?.detail).toMatch(
      /settings\.json is not valid JSON .* kept as .*broken-/,
    )
  })

  it('answers a trusted, valid command', async () => {
    const result = (await standIn.handlers.get('cd:cluster:snapshot')!(trustedEvent(), {})) as {
      ok: boolean
      value: { name: string; nodes: unknown[] }
    }
    expect(result.ok).toBe(true)
    expect(result.value.name).toBe('Demo')
    expect(result.value.nodes).toHaveLength(3)
  })

  it('refuses a bad payload', async () => {
    const result = await standIn.handlers.get('cd:node:start')!(trustedEvent(), { node: 42 })
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-request' } })
  })

  it('refuses an oversized payload before validating it', async () => {
    const definition = {
      name: 'huge',
      nodes: [{ name: 'a', command: 'x'.repeat(2 * 1024 * 1024) }],
    }
    const result = await standIn.handlers.get('cd:clusters:validate')!(trustedEvent(), {
      definition,
    })
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: expect.stringMatching(/payload is \d+ bytes/) },
    })
  })

  it('refuses a foreign sender: another window, an iframe, or another page', async () => {
    const window = standIn.windows[0]!.instance
    const start = standIn.handlers.get('cd:node:start')!
    const senders = [
      { sender: {}, senderFrame: window.mainFrame },
      { sender: window.webContents, senderFrame: { url: window.mainFrame.url } },
      { sender: window.webContents, senderFrame: null },
    ]
    for (const event of senders) {
      expect(await start(event, { node: 'node1' })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      })
    }
    const navigated = window.mainFrame.url
    window.mainFrame.url = 'https://evil.example/'
    expect(
      await start({ sender: window.webContents, senderFrame: window.mainFrame }, { node: 'node1' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    })
    window.mainFrame.url = navigated
  })
})

describe('the built preload', () => {
  it('exposes exactly clusterApi, with every method mapped to its channel', async () => {
    const standIn = standInElectron()
    loadWithStandIn(PRELOAD, standIn.electron)
    expect([...standIn.exposed.keys()]).toEqual(['clusterApi'])
    const api = standIn.exposed.get('clusterApi') as Record<string, (...args: unknown[]) => unknown>
    expect(Object.keys(api).sort()).toEqual(
      [
        'erlangMesh',
        'exportLogs',
        'getCluster',
        'healNode',
        'healthHistory',
        'inspectNode',
        'killNode',
        'listClusters',
        'loadCluster',
        'onClusterSnapshot',
        'onErlangMesh',
        'onLogBatch',
        'parseClusterFile',
        'partitionNode',
        'planCluster',
        'preferences',
        'printCluster',
        'readLogs',
        'remoteShell',
        'restartCluster',
        'restartNode',
        'saveCluster',
        'scaleGroup',
        'setPreferences',
        'snapshot',
        'startCluster',
        'startNode',
        'stopCluster',
        'stopNode',
        'validateCluster',
      ].sort(),
    )
    await api.startNode!('node2')
    await api.readLogs!({ node: 'node1', limit: 5 })
    await api.partitionNode!('node2')
    await api.healNode!()
    expect(standIn.invoked).toEqual([
      ['cd:node:start', { node: 'node2' }],
      ['cd:logs:read', { node: 'node1', limit: 5 }],
      ['cd:erlang:partition', { node: 'node2' }],
      ['cd:erlang:heal', {}],
    ])
    const heard: unknown[] = []
    const unsubscribe = api.onClusterSnapshot!((snapshot: unknown) =>
      heard.push(snapshot),
    ) as () => void
    standIn.rendererListeners.get('cd:cluster:snapshot')?.({}, { name: 'x' })
    expect(heard).toEqual([{ name: 'x' }])
    unsubscribe()
    expect(standIn.rendererListeners.has('cd:cluster:snapshot')).toBe(false)
  })
})
