import { api, ApiError, errorWordsReady, messageFor } from '../../api/client.ts'

export const MAX_FILES = 10
export const MAX_BYTES = 10 * 1024 * 1024 // the server refuses larger files (FILE_TOO_LARGE)
const LONGEST_SIDE = 1600
const THUMB_SIDE = 160

async function decode(file: Blob): Promise<ImageBitmap> {
  // 'from-image' turns phone photos upright by their EXIF orientation before the EXIF is dropped.
  return createImageBitmap(file, { imageOrientation: 'from-image' })
}

function draw(image: ImageBitmap, longest: number) {
  const scale = Math.min(1, longest / Math.max(image.width, image.height))
  const canvas = document.createElement('canvas')
  canvas.width = Math.round(image.width * scale)
  canvas.height = Math.round(image.height * scale)
  const ctx = canvas.getContext('2d')!
  ctx.fillStyle = '#fff' // transparent PNGs become white, not black, as JPEG
  ctx.fillRect(0, 0, canvas.width, canvas.height)
  ctx.drawImage(image, 0, 0, canvas.width, canvas.height)
  return canvas
}

/**
 * Shrinks a photo on the phone before it is sent (longest side 1600 px, JPEG 0.85): a 5 MB camera
 * photo becomes about 300 KB, which matters on a bus. Re-encoding through a canvas also strips the
 * EXIF block, so the GPS location and the phone model in the photo never leave the device.
 * PDFs are sent as they are.
 */
export async function prepareFile(file: File): Promise<{ blob: Blob, thumb: string | null }> {
  if (file.type === 'application/pdf' || /\.pdf$/i.test(file.name))
    return { blob: file, thumb: null }
  let image: ImageBitmap
  try {
    image = await decode(file)
  }
  catch {
    await errorWordsReady()
    throw new ApiError(415, 'FILE_TYPE', messageFor('FILE_TYPE', '这张照片无法读取，请换一张，或在相机设置中改为“兼容性最佳”（JPG）后重拍'))
  }
  const blob = await new Promise<Blob | null>(resolve => draw(image, LONGEST_SIDE).toBlob(resolve, 'image/jpeg', 0.85))
  const thumb = draw(image, THUMB_SIDE).toDataURL('image/jpeg', 0.6)
  image.close()
  if (!blob) {
    await errorWordsReady()
    throw new ApiError(415, 'FILE_TYPE', messageFor('FILE_TYPE', '这张照片无法处理，请换一张'))
  }
  return { blob, thumb }
}

export interface Uploaded { id: string, mime: string, size: number }

/**
 * The one place that posts a file to /api/uploads. It uses XMLHttpRequest rather than the typed
 * client because only XHR reports upload progress. Same-origin, so the CSRF check (Origin /
 * Sec-Fetch-Site) passes as it does for every other request.
 */
export function uploadFile(blob: Blob, name: string, onProgress: (percent: number) => void): Promise<Uploaded> {
  return new Promise((resolve, reject) => {
    const form = new FormData()
    form.append('file', blob, name)
    const xhr = new XMLHttpRequest()
    xhr.open('POST', api.uploads.$url().pathname)
    xhr.responseType = 'json'
    xhr.timeout = 120_000
    xhr.upload.onprogress = e => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100))
    xhr.onload = () => {
      const body = xhr.response as any
      if (xhr.status === 201)
        return resolve(body as Uploaded)
      void errorWordsReady().then(() => reject(new ApiError(xhr.status, body?.code ?? 'HTTP_ERROR', messageFor(body?.code ?? 'HTTP_ERROR', body?.message))))
    }
    xhr.onerror = xhr.ontimeout = () => reject(new ApiError(0, 'NETWORK', messageFor('NETWORK', '网络不通，这个文件没有传上去，请点“重试”')))
    xhr.send(form)
  })
}
