import { ref, watch } from 'vue'

/**
 * A form's messages at its fields (issue 13, item 3). `show` puts every problem found at its field at
 * once (the shared schema's before sending, the server's after); from then on each goes as soon as its
 * field is changed and `check` no longer finds it there, and none is added while the person types.
 * `valueAt` gives the value a message is about, by the path the schema or the server names.
 */
export function useFieldErrors(check: () => Record<string, string>, valueAt: (path: string) => unknown) {
  const errors = ref<Record<string, string>>({})
  let shownWith: Record<string, string> = {}
  const now = (path: string) => JSON.stringify(valueAt(path) ?? null)

  /** Shows these messages in place of those shown. */
  function show(found: Record<string, string>) {
    errors.value = found
    shownWith = Object.fromEntries(Object.keys(found).map(p => [p, now(p)]))
  }

  watch(() => Object.keys(errors.value).map(now).join('\n'), () => {
    const changed = new Set(Object.keys(errors.value).filter(p => now(p) !== shownWith[p]))
    if (changed.size === 0)
      return
    const still = check()
    // A changed field still wrong keeps a message, in the words for what it holds now.
    errors.value = Object.fromEntries(Object.entries(errors.value)
      .filter(([p]) => !changed.has(p) || still[p])
      .map(([p, m]) => [p, changed.has(p) ? still[p]! : m]))
  })
  return { errors, show }
}
