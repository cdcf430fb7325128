import { ref } from 'vue'

// 长辈版 (工信部《移动互联网应用（APP）适老化通用设计规范》): larger text and targets, switched on
// from the first screen and remembered on this phone.
const KEY = 'xjt.elder'
export const elder = ref(localStorage.getItem(KEY) === '1')

function apply() {
  document.documentElement.classList.toggle('elder', elder.value)
}
apply()

export function setElder(on: boolean) {
  elder.value = on
  localStorage.setItem(KEY, on ? '1' : '0')
  apply()
}
