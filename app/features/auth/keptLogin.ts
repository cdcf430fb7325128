// design: what the sign-in page holds (the phone typed, when a new code may be asked for, where to go
// once signed in) survives stepping away within the tab, to the demo page for the code or back and
// forward. In sessionStorage: gone with the tab, and cleared once signed in.
const KEY = 'xjt.login'

export interface KeptLogin { phone: string, resendAt: number, next?: string }

export function keptLogin(): KeptLogin | null {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as KeptLogin | null
  }
  catch {
    return null
  }
}

export function keepLogin(kept: KeptLogin) {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(kept))
  }
  catch {} // storage refused (private mode, full): the page still works, it only forgets
}

export function forgetLogin() {
  try {
    sessionStorage.removeItem(KEY)
  }
  catch {}
}
