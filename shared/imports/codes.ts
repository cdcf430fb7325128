// Codes the official forms use, read as the labels the records keep. Both the code and the label
// are accepted (issue 12): 性别 1/2 or 男/女, 民族 two-digit codes or names, and so on.

// GB/T 3304-1991 民族代码, 01–56, in code order.
export const ETHNICITIES = [
  '汉族',
  '蒙古族',
  '回族',
  '藏族',
  '维吾尔族',
  '苗族',
  '彝族',
  '壮族',
  '布依族',
  '朝鲜族',
  '满族',
  '侗族',
  '瑶族',
  '白族',
  '土家族',
  '哈尼族',
  '哈萨克族',
  '傣族',
  '黎族',
  '傈僳族',
  '佤族',
  '畲族',
  '高山族',
  '拉祜族',
  '水族',
  '东乡族',
  '纳西族',
  '景颇族',
  '柯尔克孜族',
  '土族',
  '达斡尔族',
  '仫佬族',
  '羌族',
  '布朗族',
  '撒拉族',
  '毛南族',
  '仡佬族',
  '锡伯族',
  '阿昌族',
  '普米族',
  '塔吉克族',
  '怒族',
  '乌孜别克族',
  '俄罗斯族',
  '鄂温克族',
  '德昂族',
  '保安族',
  '裕固族',
  '京族',
  '塔塔尔族',
  '独龙族',
  '鄂伦春族',
  '赫哲族',
  '门巴族',
  '珞巴族',
  '基诺族',
] as const
const otherEthnicities: Record<string, string> = { 97: '其他', 98: '外国血统中国籍人士' }

// design: the 身份证件类型 codes of the national K-12 system's data standard.
export const ID_TYPES: Record<string, string> = {
  1: '居民身份证',
  2: '香港特区护照/身份证明',
  3: '澳门特区护照/身份证明',
  4: '台湾居民来往大陆通行证',
  5: '境外永久居住证',
  6: '护照',
  7: '出生证明',
  8: '户口簿',
  9: '其他',
}

// design: 港澳台侨外 codes of the same standard (0 = 否).
export const OVERSEAS: Record<string, string> = { 0: '否', 1: '香港同胞', 2: '澳门同胞', 3: '台湾同胞', 4: '华侨', 5: '外籍人士' }

export type Decoded<T> = { ok: true, value: T } | { ok: false }
const ok = <T>(value: T): Decoded<T> => ({ ok: true, value })
const no = { ok: false } as const

function fromTable(table: Record<string, string>, text: string): Decoded<string> {
  const byCode = table[String(Number(text))]
  if (/^\d{1,2}$/.test(text) && byCode)
    return ok(byCode)
  return Object.values(table).includes(text) ? ok(text) : no
}

export function decodeGender(text: string): Decoded<'male' | 'female'> {
  if (['1', '男', '男性', 'M', 'm'].includes(text))
    return ok('male')
  if (['2', '女', '女性', 'F', 'f'].includes(text))
    return ok('female')
  return no
}

export function decodeEthnicity(text: string): Decoded<string> {
  if (/^\d{1,2}$/.test(text)) {
    const n = Number(text)
    const name = ETHNICITIES[n - 1] ?? otherEthnicities[n]
    return name ? ok(name) : no
  }
  if ((ETHNICITIES as readonly string[]).includes(text) || Object.values(otherEthnicities).includes(text))
    return ok(text)
  // 「汉」 for 汉族: the short form some lists use
  return (ETHNICITIES as readonly string[]).includes(`${text}族`) ? ok(`${text}族`) : no
}

export function decodeIdType(text: string): Decoded<string> {
  if (['身份证', '居民身份证', '中华人民共和国居民身份证'].includes(text))
    return ok('居民身份证')
  return fromTable(ID_TYPES, text)
}

export function decodeOverseas(text: string): Decoded<string> {
  return fromTable(OVERSEAS, text)
}

export function decodeYesNo(text: string): Decoded<boolean> {
  if (['是', '1', 'Y', 'y', '√'].includes(text))
    return ok(true)
  if (['否', '0', 'N', 'n', '2'].includes(text))
    return ok(false)
  return no
}
