import type { DialogOptions } from 'vant'
import { showConfirmDialog } from 'vant'
import { overlayLabel } from '../components/overlayLabel.ts'
import { i18n } from '../i18n/index.ts'
import { discardAll, outbox, startOutbox } from './outbox.ts'

/**
 * Asked at sign-out when something waits to be sent. design (issue 13): kept, it stays on the phone
 * and goes when the person signs in here again; on a phone that is not theirs (it holds ID numbers)
 * they delete it. Answers whether to go on signing out (a tap beside the dialog: not after all).
 */
export async function keepWhatWaits(accountId: string) {
  await startOutbox(accountId)
  const n = outbox.entries.length
  if (n === 0)
    return true
  const { t } = i18n.global
  // The dialog passes overlayProps on to its popup; its options type leaves it out.
  const choice = await showConfirmDialog({
    title: t('outbox.signOutTitle', { n }),
    message: t('outbox.signOutMessage'),
    confirmButtonText: t('outbox.signOutKeep'),
    cancelButtonText: t('outbox.signOutDiscard'),
    closeOnClickOverlay: true,
    overlayProps: overlayLabel(t('outbox.signOutStay')), // a tap beside the dialog: stay signed in
  } as DialogOptions).then(() => 'keep', (action: string) => action)
  if (choice === 'cancel')
    await discardAll()
  return choice === 'keep' || choice === 'cancel'
}
