import { Buffer } from 'node:buffer'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildWorld } from '../../server/demo/world.ts'
import { idCheckCharacter } from '../../shared/idNumber.ts'
import { browserAvailable, shot, startBrowserSession } from './harness.ts'

const school = buildWorld().featured.primary
const id = (first17: string) => `${first17}${idCheckCharacter(first17)}`

async function workbook() {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('学生')
  ws.addRow(['学校标识码', '姓名', '性别', '民族', '身份证件号'])
  ws.addRow([school.code, '欧阳新苗', '女', '汉族', id('41010220140601002')])
  ws.addRow([school.code, '司马错号', '男', '汉族', 410102201406010000]) // an ID number Excel rounded
  return Buffer.from(await wb.xlsx.writeBuffer() as ArrayBuffer)
}

describe.skipIf(!browserAvailable)('a county officer imports records on a phone (issue 12)', () => {
  let session: Awaited<ReturnType<typeof startBrowserSession>>
  beforeAll(async () => { session = await startBrowserSession() })
  afterAll(async () => { await session?.close() })

  it('uploads, reads the dry run, downloads the refused rows, commits and finds the student', async () => {
    const { page } = await session.newPage()
    await page.goto('/officer/login')
    await page.getByLabel('用户名').fill('zhongyuan.officer')
    await page.getByLabel('密码').fill('xjt-demo-2026')
    await page.getByRole('button', { name: '登录' }).click()
    await page.waitForURL(/\/officer$/)
    await page.locator('.van-cell', { hasText: '导入学籍' }).click()
    await page.getByLabel('选择 Excel 或 CSV 文件').setInputFiles({ name: '学生名单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await workbook() })
    await page.getByText('已检查，尚未写入').waitFor()
    await page.getByText(/第 3 行「身份证件号」.*Excel/).waitFor()
    await shot(page, 'z-01-import-dry-run', true)

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.van-cell', { hasText: '下载未导入的行' }).click()])
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/)

    await page.getByRole('button', { name: '确认导入 1 条' }).click()
    await page.getByRole('status').filter({ hasText: '已写入' }).waitFor()
    await shot(page, 'z-02-import-committed')

    // 返回 leads back to the desk: an installed app has no browser back button.
    await page.getByRole('button', { name: '返回' }).click()
    await page.waitForURL(/\/officer$/)
    await page.getByRole('searchbox').fill('欧阳新苗')
    await page.getByRole('button', { name: '搜索', exact: true }).click()
    await page.getByText(/欧阳新苗 · /).waitFor()
  })

  it('an unrecognised header gets a field from the list once; the same file is checked again with it', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('学生')
    ws.addRow(['学校标识码', '学生名', '性别', '民族', '身份证件号'])
    ws.addRow([school.code, '上官映射', '女', '汉族', id('41010220140602004')])
    const { page } = await session.newPage()
    await page.goto('/officer/login')
    await page.getByLabel('用户名').fill('zhongyuan.head')
    await page.getByLabel('密码').fill('xjt-demo-2026')
    await page.getByRole('button', { name: '登录' }).click()
    await page.waitForURL(/\/officer$/)
    await page.goto('/officer/imports')
    await page.getByLabel('选择 Excel 或 CSV 文件').setInputFiles({ name: '本校名单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await wb.xlsx.writeBuffer() as ArrayBuffer) })
    await page.getByText('未识别的列（1）').waitFor()
    await page.getByLabel('「学生名」对应的项目').selectOption({ label: '姓名' })
    await shot(page, 'z-03-import-mapping', true)
    await page.getByRole('button', { name: '保存对应关系并重新检查' }).click()
    await page.getByRole('button', { name: '确认导入 1 条' }).waitFor()
    expect(await page.getByText('未识别的列').count()).toBe(0)
    await shot(page, 'z-04-import-mapped')
  })
})
