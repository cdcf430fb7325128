import { forgetPushHere, pushFollowsLanguage } from './features/notifications/push.ts'
import { stopOutbox } from './outbox/outbox.ts'
import { sweepFiles } from './outbox/store.ts'

// What a shared family phone does when one person leaves and another comes (stores.ts); loaded only
// then, so the first download does not carry it.

/** Before signing out, while the session still holds: this browser stops being woken for the person. */
export const beforeSignOut = () => forgetPushHere().catch(() => {})

const draftPrefixes = ['xjt.complaintDraft.', 'xjt.correctionDraft.', 'xjt.caseStepDraft.', 'xjt.disputeDraft.']

/**
 * After signing out. design: a deliberate sign-out leaves no unsent draft (with ID numbers) and no
 * photo behind; what the person submitted and chose to keep (outbox/signOut.ts) stays, and is sent
 * when they sign in here again, never under the next person's session.
 */
export async function afterSignOut() {
  Object.keys(localStorage).filter(k => draftPrefixes.some(p => k.startsWith(p))).forEach(k => localStorage.removeItem(k))
  stopOutbox()
  await sweepFiles().catch(() => {}) // the drafts' photos, and any a closed tab left behind
}

/** The browser's notices follow the app's language (push.ts); `stores.ts` asks only when they lag. */
export const pushFollows = (accountId: string) => pushFollowsLanguage(accountId).catch(() => {})

/** Someone signed in: another person's browser notifications (a session that just ran out) end here. */
export const afterSignIn = (accountId: string) => forgetPushHere(accountId).catch(() => {})
