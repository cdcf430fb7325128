import type { Rng } from './random.ts'

// Common surnames, most frequent first (Henan's top names lead: 王, 李, 张, 刘, 陈 …).
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高郭何马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文'
const SURNAME_WEIGHTS = [...SURNAMES].map((s, k) => [s, 1 / (k + 8)] as const)
// 回族 families in Henan often carry these surnames.
const HUI_SURNAMES = [['马', 5], ['白', 2], ['海', 1], ['沙', 1], ['金', 1], ['穆', 1], ['丁', 1]] as const

type Gender = 'male' | 'female'
type Era = 'child' | 'parent' | 'elder'

// Whole given names typical of each generation (children 2000s–2010s, parents 1970s–90s, grandparents 1940s–60s).
const GIVEN: Record<Era, Record<Gender, string>> = {
  child: {
    male: '浩宇 子轩 宇航 梓豪 俊熙 一鸣 浩然 子墨 宇轩 博文 天佑 思远 嘉豪 皓轩 明哲 泽宇 子睿 文博 承泽 晨阳 铭泽 奕辰 子豪 锦程 宇泽 睿 轩 浩 博 航 辰 哲',
    female: '子涵 梓萱 一诺 欣怡 雨桐 诗涵 紫涵 可馨 若汐 语桐 思琪 佳怡 梦瑶 欣妍 雨萱 心怡 嘉怡 依诺 晨曦 悦然 沐晴 书瑶 佳琪 婉清 雅琪 涵 萱 琪 悦 彤 妍 怡',
  },
  parent: {
    male: '伟 强 磊 军 勇 杰 涛 斌 超 鹏 建军 海涛 志强 俊峰 晓东 国强 永刚 红军 建华 新民 卫东 春雷 振华 学军 立新 明亮',
    female: '丽 静 敏 艳 娟 霞 燕 芳 红梅 丽娟 晓燕 俊丽 海霞 春燕 玉洁 秀娟 艳丽 文静 雪梅 丽华 晓丽 亚楠 慧 婷 萍',
  },
  elder: {
    male: '建国 国庆 保国 德明 长青 振山 金生 守义 明山 文华 永福 玉林 发财 有才 庆丰 学礼',
    female: '桂兰 秀英 玉兰 桂英 凤英 秀兰 桂芝 淑珍 玉梅 秀珍 翠花 素芳 金凤 玉珍 春花 爱莲',
  },
}
const GIVEN_LISTS = Object.fromEntries(Object.entries(GIVEN).map(([era, g]) =>
  [era, { male: g.male.split(' '), female: g.female.split(' ') }])) as Record<Era, Record<Gender, string[]>>

// First and second characters combined into further names, so a million students are not all 子涵.
const CHARS: Record<Gender, [string, string]> = {
  male: ['子宇浩俊文博泽明晨嘉睿志天奕家宏昊逸', '轩豪然航涛辰阳鑫凯瑞朗毅杰铭宸翔'],
  female: ['雨欣佳梓诗思语梦雅心可婉紫若书', '涵怡婷萱琪瑶妍颖悦彤晴馨媛琳菲'],
}

export function surname(rng: Rng, ethnicity: string): string {
  return ethnicity === '回族' && rng.chance(0.6) ? rng.weighted(HUI_SURNAMES) : rng.weighted(SURNAME_WEIGHTS)
}

/** A given name of one or two characters, of the person's generation. */
export function givenName(rng: Rng, gender: Gender, era: Era): string {
  if (era === 'child' && rng.chance(0.35)) {
    const [first, second] = CHARS[gender]
    return rng.pick([...first]) + rng.pick([...second])
  }
  return rng.pick(GIVEN_LISTS[era][gender])
}

export function fullName(rng: Rng, gender: Gender, era: Era, ethnicity = '汉族', family?: string): string {
  return (family ?? surname(rng, ethnicity)) + givenName(rng, gender, era)
}

/** 民族: Henan is about 98.8% 汉族, then 回族; the two 回族 districts have far more. */
export function ethnicity(rng: Rng, regionName: string): string {
  const hui = regionName.includes('回族') ? 0.12 : 0.02
  return rng.weighted([['汉族', 1 - hui - 0.008], ['回族', hui], ['满族', 0.003], ['蒙古族', 0.002], ['土家族', 0.0015], ['壮族', 0.0015]])
}

export const ROADS = '建设路 人民路 文化路 解放路 育英路 中原路 桐柏路 嵩山路 伏牛路 淮河路 大学路 航海路 金水路 农业路 花园路 经三路 纬五路 工人路 友爱路 和平路 光明路 朝阳路 东风路 新华路 民主路 公园路 滨河路 汝河路 秦岭路 陇海路 五一路 胜利街 书院街 自由路 迎宾路 振兴路 黄河路 汴京路 夷山大街 晋安路 西湖路 锦绣路'.split(' ')
export const TOWNS = '城关镇 新城街道 东关街道 西关街道 张庄镇 王集乡 刘店镇 李寨乡 孙营镇 青龙镇 杨桥乡 高阳镇 柳园口乡 仙人庄街道'.split(' ')
const VILLAGE_HEADS = '王李张刘陈杨赵孙高马郭黄'
const VILLAGE_TAILS = '庄 寨 集 营 楼 屯 洼 岗 湾 桥 店'.split(' ')

export function village(rng: Rng): string {
  return `${rng.pick([...VILLAGE_HEADS])}${rng.pick(VILLAGE_TAILS)}村`
}

export const EMPLOYERS = ['个体经营', '务农', '自由职业', '外出务工', '郑州宇通客车股份有限公司', '河南省人民医院', '中国铁路郑州局集团有限公司', '郑州市中心医院', '开封市第一人民医院', '中国移动通信集团河南有限公司', '河南中原高速公路股份有限公司', '某建筑工程有限公司', '社区居民委员会', '中国建设银行开封分行', '中国邮政集团有限公司郑州市分公司', '富士康科技集团郑州科技园', '无']

// 专业: vocational (avoiding the province-managed medical and teaching majors of 003:5), higher.
export const VOCATIONAL_MAJORS = ['计算机应用', '电子商务', '汽车运用与维修', '会计事务', '数控技术应用', '旅游服务与管理', '物流服务与管理', '机电技术应用']
export const BACHELOR_MAJORS = ['计算机科学与技术', '土木工程', '汉语言文学', '会计学', '机械设计制造及其自动化', '英语', '电气工程及其自动化', '市场营销']
export const ASSOCIATE_MAJORS = ['软件技术', '大数据与会计', '建筑工程技术', '电子商务', '工程造价', '机电一体化技术', '物流管理', '旅游管理']

// How class names abbreviate a major (计算机科学与技术2203班 → 计科2203班).
const SHORT: Record<string, string> = {
  计算机应用: '计算机',
  汽车运用与维修: '汽修',
  会计事务: '会计',
  数控技术应用: '数控',
  旅游服务与管理: '旅游',
  物流服务与管理: '物流',
  机电技术应用: '机电',
  计算机科学与技术: '计科',
  土木工程: '土木',
  汉语言文学: '汉语言',
  会计学: '会计',
  机械设计制造及其自动化: '机械',
  电气工程及其自动化: '电气',
  市场营销: '营销',
  软件技术: '软件',
  大数据与会计: '大数据会计',
  建筑工程技术: '建工',
  电子商务: '电商',
  工程造价: '造价',
  机电一体化技术: '机电',
  物流管理: '物流',
  旅游管理: '旅游',
}
export const majorShort = (major: string) => SHORT[major] ?? major.slice(0, 2)

export const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十']
export const cnNumber = (n: number) => n <= 10 ? CN_DIGITS[n]! : n < 20 ? `十${CN_DIGITS[n - 10]}` : `${CN_DIGITS[Math.floor(n / 10)]}十${n % 10 ? CN_DIGITS[n % 10] : ''}`
