// npm run bench:import [-- --rows 100000 --database postgres://…]   (also run by `npm run bench`)
// Issue 12: a generated 100,000-row .xlsx, written with exceljs's streaming WorkbookWriter, is
// checked (dry run) and committed into PostgreSQL exactly as the officer's upload and the CLI do.
// Prints rows/s for each phase and the peak growth of resident memory over the run.
// Target on the project's 2-core machine: under 60 s in all, resident memory growing by < 300 MB.
// Run with the server's heap ceiling (--max-old-space-size=512, as npm run bench:import does).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { eq, sql } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import postgres from 'postgres'
import { openDatabase } from '../../server/db/client.ts'
import { installDataKey } from '../../server/db/dataKey.ts'
import { accounts, studentRecords, units } from '../../server/db/schema/index.ts'
import { seedDemo } from '../../server/demo/seed.ts'
import { buildWorld } from '../../server/demo/world.ts'
import { checkImport, commitImport } from '../../server/features/imports/service.ts'
import { idCheckCharacter } from '../../shared/idNumber.ts'

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, database: { type: 'string' }, write: { type: 'string' } } })
const rows = Number(values.rows)
if (values.write) {
  await writeWorkbook(values.write, rows)
  process.exit(0)
}
const target = values.database ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL
if (!target?.startsWith('postgres')) {
  console.log('import bench: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL to a PostgreSQL server, or pass --database)')
  process.exit(0)
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

// A database of its own, dropped at the end.
const name = `xjt_bench_import_${Date.now()}`
const admin = postgres(target, { max: 1, onnotice: () => {} })
await admin.unsafe(`create database ${name}`)
const url = new URL(target)
url.pathname = `/${name}`
installDataKey({ DATA_DIR: 'unused' }, 'memory://')
const database = await openDatabase(url.toString())
const dir = mkdtempSync(join(tmpdir(), 'xjt-bench-import-'))
try {
  await seedDemo(database.db, { students: 40 })
  const world = buildWorld()
  const school = world.featured.primary
  const [officer] = await database.db.select({ accountId: accounts.id, unitId: units.id, unitPath: units.path, role: accounts.role }).from(accounts).innerJoin(units, eq(units.id, accounts.unitId)).where(eq(accounts.username, 'zhongyuan.officer'))
  const who = { ...officer!, clientIp: 'bench' }

  let t = performance.now()
  const file = join(dir, `学生基本信息-${rows}.xlsx`)
  execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--write', file, '--rows', String(rows)], { stdio: 'inherit' })
  const bytes = new Uint8Array(readFileSync(file))
  console.log(`import bench: wrote ${rows} rows (${mb(bytes.length)} .xlsx) in ${seconds(performance.now() - t)} with the streaming WorkbookWriter`)

  // Peak resident memory, sampled while the import runs, against the resident memory before it.
  globalThis.gc?.()
  const base = process.memoryUsage().rss
  let peak = base
  let peakHeap = 0
  let peakBuffers = 0
  const sampler = setInterval(() => {
    const m = process.memoryUsage()
    peak = Math.max(peak, m.rss)
    peakHeap = Math.max(peakHeap, m.heapUsed)
    peakBuffers = Math.max(peakBuffers, m.arrayBuffers)
  }, 50)

  // CPU seconds as well as wall time: on a shared machine the wall time includes waiting for a core.
  const cpu = (since: NodeJS.CpuUsage) => { const u = process.cpuUsage(since); return `${((u.user + u.system) / 1e6).toFixed(1)} s CPU` }
  let c = process.cpuUsage()
  t = performance.now()
  const checked = await checkImport(database.db, who, { name: '学生基本信息.xlsx', bytes, kind: 'records' }, new Date())
  const dryMs = performance.now() - t
  console.log(`  dry run: ${seconds(dryMs)} (${cpu(c)}) · ${Math.round(rows / (dryMs / 1000))} rows/s · counts ${JSON.stringify(checked.counts)} · peak JS heap so far ${mb(peakHeap)}`)
  c = process.cpuUsage()
  t = performance.now()
  const committed = await commitImport(database.db, who, checked, new Date())
  const commitMs = performance.now() - t
  console.log(`  commit:  ${seconds(commitMs)} (${cpu(c)}) · ${Math.round(rows / (commitMs / 1000))} rows/s · counts ${JSON.stringify(committed.counts)}`)
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage().rss)

  const [{ n }] = await database.db.select({ n: sql<number>`count(*)::int` }).from(studentRecords).where(eq(studentRecords.schoolUnitId, school.unitId)) as [{ n: number }]
  const total = dryMs + commitMs
  const load = (await import('node:os')).loadavg()[0]!.toFixed(1)
  console.log(`  total:   ${seconds(total)} (target < 60 s; load average during the run ${load} on ${(await import('node:os')).availableParallelism()} cores) · peak resident memory growth ${mb(peak - base)} (target < 300 MB; base ${mb(base)}; peak JS heap ${mb(peakHeap)}, buffers ${mb(peakBuffers)}) · ${n} records at the school`)
  if (committed.counts.created !== rows)
    throw new Error(`expected ${rows} created, got ${committed.counts.created}`)
}
finally {
  await database.close()
  await admin.unsafe(`drop database if exists ${name} with (force)`)
  await admin.end()
  rmSync(dir, { recursive: true, force: true })
}

/**
 * The file: a national-export layout (title row, 附件1 headers, a guardian), ID numbers as text.
 * Written by a child process, so the import's memory is measured from a process that has not just
 * built a workbook (V8 keeps the heap it grew; the growth would hide in it).
 */
async function writeWorkbook(file: string, rows: number) {
  const school = buildWorld().featured.primary
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false })
  const ws = writer.addWorksheet('学生基本信息')
  ws.addRow(['全国中小学生学籍信息管理系统 学生基本信息']).commit()
  ws.addRow(['学校标识码', '全国学籍号', '姓名', '性别', '民族', '身份证件类型', '身份证件号', '出生日期', '现居住详细地址', '年级', '班级', '家庭成员或监护人一姓名', '家庭成员或监护人一关系', '家庭成员或监护人一是否监护人', '家庭成员或监护人一联系电话']).commit()
  const family = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴']
  for (let i = 0; i < rows; i++) {
    const born = new Date(Date.UTC(2010, 0, 1) + (i % 2500) * 86_400_000)
    const first17 = `410102${born.toISOString().slice(0, 10).replaceAll('-', '')}${String(Math.floor(i / 2500)).padStart(3, '0')}`
    const idNumber = `${first17}${idCheckCharacter(first17)}`
    const surname = family[i % family.length]!
    ws.addRow([school.code, `G${idNumber}`, `${surname}生${i}`, i % 2 ? '男' : '女', '汉族', '居民身份证', idNumber, born.toISOString().slice(0, 10), `郑州市中原区建设路 ${i % 300} 号`, `${1 + (i % 6)}年级`, `${1 + (i % 8)}班`, `${surname}家长${i}`, i % 2 ? '父亲' : '母亲', '是', `139${String(i).padStart(8, '0')}`]).commit()
  }
  await writer.commit()
}
