import { ref } from 'vue'

/** Chromium's install offer (not in the DOM typings). */
interface InstallPromptEvent extends Event {
  prompt: () => Promise<void>
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>
}

const DECLINED = 'xjt.install.declined'
let offer: InstallPromptEvent | null = null

const standalone = () => matchMedia('(display-mode: standalone)').matches || (navigator as { standalone?: boolean }).standalone === true
// iOS installs only from Safari's share sheet: other iOS browsers and WeChat's cannot.
const iosSafari = () => /iP(?:hone|ad|od)/.test(navigator.userAgent) && !/CriOS|FxiOS|EdgiOS|MicroMessenger/.test(navigator.userAgent)

/**
 * What the home page may offer: the browser's install question, Safari's steps, or nothing
 * (installed already, declined once, or a browser that cannot install).
 */
export const installOffer = ref<'prompt' | 'ios' | null>(!standalone() && iosSafari() && localStorage.getItem(DECLINED) !== '1' ? 'ios' : null)

// design (issue 13): the browser would ask on the first screen, before the person knows the app.
// The question is kept and asked from the home page, which only a signed-in person sees.
window.addEventListener('beforeinstallprompt', (event) => {
  event.preventDefault()
  offer = event as InstallPromptEvent
  if (localStorage.getItem(DECLINED) !== '1')
    installOffer.value = 'prompt'
})
window.addEventListener('appinstalled', () => (installOffer.value = null))

/** Asks the browser's own install question; the offer goes whatever the answer. */
export async function install() {
  const asked = offer
  offer = null
  installOffer.value = null
  if (!asked)
    return
  await asked.prompt()
  if ((await asked.userChoice).outcome === 'dismissed')
    localStorage.setItem(DECLINED, '1')
}

/** 不用了: not offered again on this phone. */
export function declineInstall() {
  localStorage.setItem(DECLINED, '1')
  installOffer.value = null
}
