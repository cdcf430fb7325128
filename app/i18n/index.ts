import type { MessageArea } from './areas.ts'
import type zh from './messages.zh-CN.ts'
import { createI18n, registerMessageResolver } from 'petite-vue-i18n'
import { Locale } from 'vant'
import { messageAreas } from './areas.ts'

export type AppLocale = 'zh-CN' | 'en'
const STORAGE_KEY = 'xjt.locale'

// design (issue 13, initial JavaScript ≤ 100 kB): the first download carries petite-vue-i18n's
// runtime, vue-i18n's own smaller build (translation and plurals; the app formats no dates or
// numbers through it), 2.8 kB gzip less than vue-i18n's; messages are compiled at build by
// @intlify/unplugin-vue-i18n, so no message compiler ships; the
// messages every screen may need load in the reader's language only (messages.*.ts), and each
// feature area's messages with the screens that use them. The router waits for a route's areas
// (router.ts), and test/unit/messageAreas.test.ts checks that each route names every area its
// code uses. Should one slip through, a template's key loads its area (the `missing` handler) and
// shows a moment late; a key read once in a script would stay unread, which is why the test exists.
export { type MessageArea, messageAreas }
// petite-vue-i18n reads flat keys only; the app's keys are dotted paths ('record.title'). design: this
// walk, not vue-i18n's resolveValue (700 bytes gzip for bracket and quoted paths the app never writes).
const messageAt = (messages: unknown, path: string) => path.split('.').reduce<any>((m, key) => m?.[key], messages) ?? null
registerMessageResolver(messageAt)

const areaFiles = import.meta.glob<{ default: Record<string, unknown> }>(['./*.zh-CN.json', './*.en.json'])
export const isArea = (s: string | undefined): s is MessageArea => (messageAreas as readonly (string | undefined)[]).includes(s)

export const i18n = createI18n({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: {} as Record<AppLocale, typeof zh>,
  missingWarn: false,
  fallbackWarn: false,
  missing: (locale, key) => {
    const area = key.split('.')[0]
    if (isArea(area)) // offline, the load fails quietly here; the next screen's router guard tries again
      loadArea(locale as AppLocale, area).catch(() => {})
  },
})

/** Whether the reader's language has a message at `key` (vue-i18n's `te`, which petite-vue-i18n lacks). */
export const hasMessage = (key: string) => messageAt(i18n.global.getLocaleMessage(i18n.global.locale.value), key) !== null

let englishIssues: ((message: string) => string) | undefined
const loading = new Map<string, Promise<void>>()
const wanted = new Set<MessageArea>()

function loadArea(locale: AppLocale, area: MessageArea) {
  wanted.add(area)
  const key = `${locale}/${area}`
  if (!loading.has(key)) {
    const issues = area === 'errors' && locale === 'en' ? import('#shared/schemas/messagesEn.ts') : undefined
    const load = Promise.all([areaFiles[`./${area}.${locale}.json`]!(), issues])
      .then(([m, en]) => {
        englishIssues ??= en?.issueInEnglish
        i18n.global.mergeLocaleMessage(locale, { [area]: m.default })
      })
      .catch((error) => { loading.delete(key); throw error }) // offline: the next screen tries again
    loading.set(key, load)
  }
  return loading.get(key)!
}

/** Loads the messages of these feature areas in the reader's language. */
export async function loadAreas(areas: readonly MessageArea[]) {
  await Promise.all(areas.map(a => loadArea(i18n.global.locale.value as AppLocale, a)))
}

/**
 * A field message from the shared schemas (Chinese, as the server answers) in the reader's language.
 * The English translations come with the `errors` area, which screens that word field messages name.
 */
export const issueText = (message: string) => (i18n.global.locale.value === 'en' && englishIssues ? englishIssues(message) : message)

const coreMessages = {
  'zh-CN': () => import('./messages.zh-CN.ts'),
  'en': () => import('./messages.en.ts'),
}

/** Switches petite-vue-i18n and Vant's own texts together, loading the language the first time it is used. */
async function applyLocale(locale: AppLocale) {
  const core = await coreMessages[locale]()
  i18n.global.mergeLocaleMessage(locale, core.default as typeof zh)
  Locale.use(locale === 'en' ? 'en-US' : 'zh-CN', core.vantMessages)
  await Promise.all([...wanted].map(a => loadArea(locale, a)))
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
}

/** The reader's choice of language, remembered on this phone. */
export async function setLocale(locale: AppLocale) {
  await applyLocale(locale)
  localStorage.setItem(STORAGE_KEY, locale)
}

// design: the start only reads the remembered choice. Writing it back once the messages had loaded
// would overwrite a choice made meanwhile (seen in test/browser/english.test.ts, one run in four).
/** Resolves once the reader's language is ready to render. */
export const localeReady = applyLocale(localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN')
