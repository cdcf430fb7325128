import { announcement } from './announcement.ts'

// design: the live region's text lives apart (announcement.ts), and the toasts load on the first
// announcement, so a screen's first download does not carry them (issue 13, initial JavaScript).

/** Says a result aloud (the live region) and on screen (a toast). */
export function announce(message: string, kind: 'success' | 'fail' = 'success') {
  announcement.value = ''
  queueMicrotask(() => (announcement.value = message))
  // At the bottom, so a toast never hides the form a person is still reading.
  void import('./toast.ts').then(({ showFailToast, showSuccessToast }) => kind === 'success'
    ? showSuccessToast({ message, position: 'bottom' })
    : showFailToast({ message, duration: 3000, position: 'bottom' }))
}
