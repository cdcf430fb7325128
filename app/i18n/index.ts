import { Locale } from 'vant'
import enUS from 'vant/es/locale/lang/en-US'
import zhCN from 'vant/es/locale/lang/zh-CN'
import { createI18n } from 'vue-i18n'
import auditEn from './audit.en.json'
import auditZh from './audit.zh-CN.json'
import casesEn from './cases.en.json'
import casesZh from './cases.zh-CN.json'
import certificatesEn from './certificates.en.json'
import certificatesZh from './certificates.zh-CN.json'
import complaintsEn from './complaints.en.json'
import complaintsZh from './complaints.zh-CN.json'
import correctionsEn from './corrections.en.json'
import correctionsZh from './corrections.zh-CN.json'
import en from './en.json'
import errorsEn from './errors.en.json'
import errorsZh from './errors.zh-CN.json'
import importsEn from './imports.en.json'
import importsZh from './imports.zh-CN.json'
import noticesEn from './notices.en.json'
import noticesZh from './notices.zh-CN.json'
import peopleEn from './people.en.json'
import peopleZh from './people.zh-CN.json'
import securityEn from './security.en.json'
import securityZh from './security.zh-CN.json'
import zh from './zh-CN.json'

export type AppLocale = 'zh-CN' | 'en'
const STORAGE_KEY = 'xjt.locale'

const initial: AppLocale = localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN'

export const i18n = createI18n({
  legacy: false,
  locale: initial,
  fallbackLocale: 'zh-CN',
  // One file per feature area under its own key, so features can be written side by side.
  messages: {
    'zh-CN': { ...zh, complaints: complaintsZh, cases: casesZh, corrections: correctionsZh, certificates: certificatesZh, audit: auditZh, security: securityZh, imports: importsZh, notices: noticesZh, people: peopleZh, errors: errorsZh },
    'en': { ...en, complaints: complaintsEn, cases: casesEn, corrections: correctionsEn, certificates: certificatesEn, audit: auditEn, security: securityEn, imports: importsEn, notices: noticesEn, people: peopleEn, errors: errorsEn },
  },
})

/** Switches vue-i18n and Vant's own texts together. */
export function setLocale(locale: AppLocale) {
  i18n.global.locale.value = locale
  Locale.use(locale === 'en' ? 'en-US' : 'zh-CN', locale === 'en' ? enUS : zhCN)
  document.documentElement.lang = locale
  localStorage.setItem(STORAGE_KEY, locale)
}
setLocale(initial)
