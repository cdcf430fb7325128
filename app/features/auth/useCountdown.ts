import { onUnmounted, ref } from 'vue'

/** Seconds until the next code may be requested. */
export function useCountdown() {
  const left = ref(0)
  let timer: ReturnType<typeof setInterval> | undefined
  function start(seconds: number) {
    left.value = seconds
    clearInterval(timer)
    timer = setInterval(() => {
      left.value -= 1
      if (left.value <= 0)
        clearInterval(timer)
    }, 1000)
  }
  onUnmounted(() => clearInterval(timer))
  return { left, start }
}
