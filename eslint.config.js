import antfu from '@antfu/eslint-config'

// Node 20 (this project's runtime) lacks Object.groupBy, which the config's composer calls.
Object.groupBy ??= (items, keyOf) => {
  const groups = Object.create(null)
  let i = 0
  for (const item of items)
    (groups[keyOf(item, i++)] ??= []).push(item)
  return groups
}

// The shared config's own no-restricted-syntax entries: an override's options replace them, so each repeats them first.
const sharedRestrictions = ['TSEnumDeclaration[const=true]', 'TSExportAssignment']

// The shared config vitesse and elk use.
export default antfu({
  vue: true,
  typescript: true,
  ignores: ['dist/**', 'dist-server/**', 'backups/**', 'server/db/migrations/**', 'test/screenshots/**', 'test/output/**', 'data/**', 'bench/**', 'shared/regions/gbt2260.json'],
}, {
  rules: {
    // design: one-line bodies such as `() => { open.value = false }` read better than three lines.
    'style/max-statements-per-line': 'off',
    // Test titles cite documents and codes ("DOMAIN §5", "GB 11643"): their case is meaningful.
    'test/prefer-lowercase-title': 'off',
  },
}, {
  // petite-vue-i18n's types promise vue-i18n's whole composer, but it ships only `t` and `locale`
  // of what the app uses: `te` is hasMessage (app/i18n/index.ts); `tm`, `rt`, `d`, `n` are absent.
  files: ['app/**'],
  rules: {
    'no-restricted-syntax': ['error', ...sharedRestrictions, {
      selector: 'VariableDeclarator[init.callee.name="useI18n"] > ObjectPattern > Property[key.name=/^(te|tm|rt|d|n)$/]',
      message: 'petite-vue-i18n has no te/tm/rt/d/n at run time; use hasMessage from app/i18n/index.ts',
    }],
  },
}, {
  // hono's `c.var` copies every request variable into a new object at each reading (issue 14): `c.get()`.
  files: ['server/**'],
  rules: {
    'no-restricted-syntax': ['error', ...sharedRestrictions, {
      selector: 'MemberExpression[property.name="var"][object.name="c"]',
      message: 'c.var copies every request variable on each reading; use c.get(\'name\')',
    }],
  },
}, {
  // Command-line entry points print to the terminal and may await at the top level.
  files: ['server/main.ts', 'server/**/cli.ts', 'scripts/**', 'test/bench/**', 'test/budget/lighthouse.ts'],
  rules: { 'no-console': 'off', 'antfu/no-top-level-await': 'off' },
}, {
  // Tests that measure print what they measured (requests sent, files scanned).
  files: ['test/**'],
  rules: { 'no-console': 'off' },
})
