import type { MessageArea } from './i18n/index.ts'
import { createRouter, createWebHistory } from 'vue-router'
import { i18n, isArea, loadAreas } from './i18n/index.ts'
import { useSessionStore } from './stores.ts'

declare module 'vue-router' {
  // areas: the message areas a screen uses beyond the one its title names (i18n/index.ts)
  interface RouteMeta { who?: 'citizen' | 'officer', title?: string, role?: 'admin', areas?: MessageArea[] }
}

export const router = createRouter({
  history: createWebHistory(),
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  routes: [
    { path: '/', component: () => import('./features/records/HomePage.vue'), meta: { who: 'citizen', title: 'home.title' } },
    { path: '/login', component: () => import('./features/auth/LoginPage.vue'), meta: { title: 'login.title' } },
    { path: '/bind', component: () => import('./features/bindings/BindPage.vue'), meta: { who: 'citizen', title: 'bind.title' } },
    { path: '/records/:id', component: () => import('./features/records/RecordPage.vue'), props: true, meta: { who: 'citizen', title: 'record.title' } },
    { path: '/officer/login', component: () => import('./features/auth/OfficerLoginPage.vue'), meta: { title: 'officer.loginTitle', areas: ['security'] } },
    { path: '/officer', component: () => import('./features/officer/OfficerHomePage.vue'), meta: { who: 'officer', title: 'officer.title', areas: ['audit', 'certificates', 'imports', 'people', 'security'] } },
    { path: '/officer/security', component: () => import('./features/officer/OfficerSecurityPage.vue'), meta: { who: 'officer', title: 'security.title', areas: ['people'] } },
    { path: '/officer/records/:id', component: () => import('./features/officer/OfficerRecordPage.vue'), props: true, meta: { who: 'officer', title: 'officer.recordTitle', areas: ['corrections', 'dispute'] } },
    { path: '/requests', component: () => import('./features/requests/MyRequestsPage.vue'), meta: { who: 'citizen', title: 'requests.title', areas: ['complaints', 'corrections', 'certificates', 'outbox'] } },
    { path: '/complaints', component: () => import('./features/complaints/ComplaintListPage.vue'), meta: { who: 'citizen', title: 'complaints.listTitle', areas: ['outbox'] } },
    { path: '/complaints/new', component: () => import('./features/complaints/ComplaintNewPage.vue'), meta: { who: 'citizen', title: 'complaints.newTitle', areas: ['errors'] } },
    { path: '/complaints/:id', component: () => import('./features/complaints/ComplaintCasePage.vue'), props: true, meta: { who: 'citizen', title: 'complaints.caseTitle', areas: ['outbox', 'errors'] } },
    { path: '/inbox', component: () => import('./features/notifications/InboxPage.vue'), meta: { title: 'complaints.inboxTitle', areas: ['notices'] } },
    { path: '/settings/notices', component: () => import('./features/notifications/NoticeSettingsPage.vue'), meta: { title: 'notices.title' } },
    { path: '/officer/cases', component: () => import('./features/cases/CaseQueuePage.vue'), meta: { who: 'officer', title: 'cases.queueTitle', areas: ['complaints'] } },
    { path: '/officer/cases/:id', component: () => import('./features/cases/CaseDetailPage.vue'), props: true, meta: { who: 'officer', title: 'cases.detailTitle', areas: ['complaints'] } },
    { path: '/print/cases/:caseId/sheets/:sheetId', component: () => import('./features/cases/CaseSheetPrintPage.vue'), props: true, meta: { title: 'cases.printTitle' } },
    { path: '/records/:id/corrections/new', component: () => import('./features/corrections/CorrectionNewPage.vue'), props: true, meta: { who: 'citizen', title: 'corrections.newTitle', areas: ['complaints', 'errors'] } },
    { path: '/corrections/:id', component: () => import('./features/corrections/CorrectionPage.vue'), props: true, meta: { who: 'citizen', title: 'corrections.title' } },
    { path: '/officer/corrections', component: () => import('./features/corrections/CorrectionQueuePage.vue'), meta: { who: 'officer', title: 'corrections.queueTitle' } },
    { path: '/officer/corrections/:id', component: () => import('./features/corrections/CorrectionPage.vue'), props: true, meta: { who: 'officer', title: 'corrections.title' } },
    { path: '/records/:id/certificate/new', component: () => import('./features/certificates/CertificateNewPage.vue'), props: true, meta: { who: 'citizen', title: 'certificates.newTitle', areas: ['errors'] } },
    { path: '/certificate-requests/:id', component: () => import('./features/certificates/CertificateRequestPage.vue'), props: true, meta: { who: 'citizen', title: 'certificates.requestTitle' } },
    { path: '/officer/certificates', component: () => import('./features/certificates/CertificateQueuePage.vue'), meta: { who: 'officer', title: 'certificates.queueTitle' } },
    { path: '/officer/certificates/:id', component: () => import('./features/certificates/CertificateRequestPage.vue'), props: true, meta: { who: 'officer', title: 'certificates.requestTitle' } },
    // Public: third parties check a certificate without an account (002:21-22, 003:20), so no `who`.
    { path: '/officer/imports', component: () => import('./features/imports/ImportPage.vue'), meta: { who: 'officer', title: 'imports.title' } },
    { path: '/officer/people', component: () => import('./features/people/PeoplePage.vue'), meta: { who: 'officer', title: 'people.title', role: 'admin', areas: ['cases'] } },
    { path: '/officer/audit', component: () => import('./features/audit/AuditLogPage.vue'), meta: { who: 'officer', title: 'audit.title' } },
    { path: '/verify/:number?', component: () => import('./features/verify/VerifyPage.vue'), props: true, meta: { title: 'certificates.verify.title', areas: ['errors'] } },
    { path: '/demo', component: () => import('./features/demo/DemoPage.vue'), meta: { title: 'demo.title', areas: ['bind', 'cases'] } },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})

router.beforeEach(async (to) => {
  const session = useSessionStore()
  if (!session.loaded)
    await session.refresh().catch(() => null)
  const who = to.meta.who
  // The server refuses an officer everything else until the second factor their unit requires is set up.
  // An officer on a one-time password may do nothing but set their own (the server answers PASSWORD_CHANGE_REQUIRED).
  if (who === 'officer' && session.me?.kind === 'officer' && session.me.mustChangePassword && to.path !== '/officer/security')
    return { path: '/officer/security' }
  if (who === 'officer' && session.me?.totp?.required && !session.me.totp.enabled && to.path !== '/officer/security')
    return { path: '/officer/security' }
  if (to.meta.role && session.me?.kind === 'officer' && session.me.role !== to.meta.role)
    return { path: '/officer' }
  if (!who || session.me?.kind === who)
    return true
  return { path: who === 'officer' ? '/officer/login' : '/login', query: { next: to.fullPath } }
})

// A screen's messages are there before it shows: the area its title names, and any it lists.
router.beforeResolve(async (to) => {
  const titled = to.meta.title?.split('.')[0]
  await loadAreas([...(to.meta.areas ?? []), ...(isArea(titled) ? [titled] : [])])
})

// design: each screen's code loads on its first visit. Offline before the service worker has it (or
// after an update replaced the files), that load fails and the router would stay silently where it
// was; say so and let the person try again once the network is back. The retry loads the page
// afresh: the browser remembers a failed module load for as long as the page lives, and drafts
// are kept on the phone, so nothing entered is lost.
const screenLoadFailed = (error: unknown) => /dynamically imported module|Importing a module script failed/i.test(String((error as Error)?.message))
router.onError((error, to) => {
  if (!screenLoadFailed(error))
    return
  const { t } = i18n.global
  // Vant's dialog loads only now (it is part of the app shell the service worker keeps).
  // If even that cannot load (offline before the service worker kept anything), the browser asks.
  const retry = () => window.location.assign(router.resolve(to.fullPath).href)
  const question = { message: t('sync.screenNotLoaded'), confirmButtonText: t('sync.retry') }
  import('./components/confirmDialog.ts')
    .then(({ showConfirmDialog }) => showConfirmDialog(question).then(retry, () => {}))
    // eslint-disable-next-line no-alert -- when no code can load, the browser's own question is all there is
    .catch(() => window.confirm(question.message) && retry())
})
