import type { Deps } from '../../http/context.ts'
import { createHash } from 'node:crypto'
import { complaintAttachments } from '../../db/schema/index.ts'
import { AppError } from '../../http/errors.ts'

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024

// The type is read from the content's first bytes, never from the file name or the browser's claim.
const signatures: { mime: string, test: (b: Uint8Array) => boolean }[] = [
  { mime: 'image/jpeg', test: b => b[0] === 0xFF && b[1] === 0xD8 && b[2] === 0xFF },
  { mime: 'image/png', test: b => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A].every((x, i) => b[i] === x) },
  { mime: 'image/webp', test: b => String.fromCharCode(...b.slice(0, 4)) === 'RIFF' && String.fromCharCode(...b.slice(8, 12)) === 'WEBP' },
  { mime: 'application/pdf', test: b => String.fromCharCode(...b.slice(0, 5)) === '%PDF-' },
]

export function sniffMime(bytes: Uint8Array) {
  return signatures.find(s => s.test(bytes))?.mime ?? null
}

export async function storeUpload(deps: Deps, accountId: string, file: File) {
  if (file.size > MAX_UPLOAD_BYTES)
    throw new AppError(413, 'FILE_TOO_LARGE', '单个文件不能超过 10 MB')
  const bytes = new Uint8Array(await file.arrayBuffer())
  const mime = sniffMime(bytes)
  if (!mime)
    throw new AppError(415, 'FILE_TYPE', '只能上传照片（JPG、PNG、WebP）或 PDF 文件')
  const [row] = await deps.db.insert(complaintAttachments).values({
    uploadedBy: accountId,
    mime,
    size: bytes.byteLength,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    data: bytes,
    createdAt: deps.now(),
  }).returning({ id: complaintAttachments.id, mime: complaintAttachments.mime, size: complaintAttachments.size })
  return row!
}
