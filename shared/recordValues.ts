import type { Locale } from './recordFields.ts'

// Coded values as the registry stores them (004 附件1 code lists, GB/T 3304 民族), with English beside.
// The one bilingual table for values: the screens show the Chinese value in Chinese mode.
const ETHNIC_GROUPS: Record<string, string> = {
  汉族: 'Han',
  蒙古族: 'Mongol',
  回族: 'Hui',
  藏族: 'Tibetan',
  维吾尔族: 'Uyghur',
  苗族: 'Miao',
  彝族: 'Yi',
  壮族: 'Zhuang',
  布依族: 'Bouyei',
  朝鲜族: 'Korean',
  满族: 'Manchu',
  侗族: 'Dong',
  瑶族: 'Yao',
  白族: 'Bai',
  土家族: 'Tujia',
  哈尼族: 'Hani',
  哈萨克族: 'Kazakh',
  傣族: 'Dai',
  黎族: 'Li',
  傈僳族: 'Lisu',
  佤族: 'Va',
  畲族: 'She',
  高山族: 'Gaoshan',
  拉祜族: 'Lahu',
  水族: 'Shui',
  东乡族: 'Dongxiang',
  纳西族: 'Naxi',
  景颇族: 'Jingpo',
  柯尔克孜族: 'Kyrgyz',
  土族: 'Tu',
  达斡尔族: 'Daur',
  仫佬族: 'Mulao',
  羌族: 'Qiang',
  布朗族: 'Blang',
  撒拉族: 'Salar',
  毛南族: 'Maonan',
  仡佬族: 'Gelao',
  锡伯族: 'Xibe',
  阿昌族: 'Achang',
  普米族: 'Pumi',
  塔吉克族: 'Tajik',
  怒族: 'Nu',
  乌孜别克族: 'Uzbek',
  俄罗斯族: 'Russian',
  鄂温克族: 'Evenki',
  德昂族: 'De\'ang',
  保安族: 'Bonan',
  裕固族: 'Yugur',
  京族: 'Gin',
  塔塔尔族: 'Tatar',
  独龙族: 'Derung',
  鄂伦春族: 'Oroqen',
  赫哲族: 'Hezhen',
  门巴族: 'Monpa',
  珞巴族: 'Lhoba',
  基诺族: 'Jino',
  其他: 'Other',
  外国血统中国籍人士: 'Chinese citizen of foreign origin',
}

const CODED: Record<string, string> = {
  ...ETHNIC_GROUPS,
  // 学籍异动 kinds (shared/imports/events.ts CHANGE_TYPES), as a record's timeline names them
  转学: 'Transfer',
  转入: 'Transfer in',
  转出: 'Transfer out',
  休学: 'Suspension',
  复学: 'Resumption',
  退学: 'Withdrawal',
  死亡: 'Death',
  留级: 'Repeat a year',
  跳级: 'Skip a year',
  降级: 'Move down a year',
  升级: 'Move up a year',
  转专业: 'Change of major',
  转班: 'Change of class',
  保留学籍: 'Registration kept',
  恢复学籍: 'Registration restored',
  注销学籍: 'Registration cancelled',
  开除学籍: 'Expulsion',
  出国: 'Going abroad',
  男: 'Male',
  女: 'Female',
  是: 'Yes',
  否: 'No',
  中国: 'China',
  居民身份证: 'Resident ID card',
  港澳台居民居住证: 'Residence permit for HK, Macau and Taiwan residents',
  港澳居民来往内地通行证: 'Mainland travel permit for HK and Macau residents',
  台湾居民来往大陆通行证: 'Mainland travel permit for Taiwan residents',
  护照: 'Passport',
  香港特别行政区居民身份证: 'Hong Kong identity card',
  父亲: 'Father',
  母亲: 'Mother',
  祖父: 'Grandfather (father\'s side)',
  祖母: 'Grandmother (father\'s side)',
  外祖父: 'Grandfather (mother\'s side)',
  外祖母: 'Grandmother (mother\'s side)',
  其他亲属: 'Other relative',
  群众: 'None',
  少先队员: 'Young Pioneer',
  共青团员: 'Communist Youth League member',
  中共党员: 'Communist Party member',
  视力残疾: 'Visual',
  听力残疾: 'Hearing',
  言语残疾: 'Speech',
  肢体残疾: 'Physical',
  智力残疾: 'Intellectual',
  精神残疾: 'Mental',
  多重残疾: 'Multiple',
  随班就读: 'In a regular class',
  送教上门: 'Taught at home',
  特教学校就读: 'Special-education school',
  本科: 'Bachelor',
  专科: 'Associate',
  中职: 'Secondary vocational',
  全日制: 'Full-time',
  非全日制: 'Part-time',
  毕业: 'Graduated',
  结业: 'Completed without diploma',
  高一: 'Senior 1',
  高二: 'Senior 2',
  高三: 'Senior 3',
  全国中小学生学籍信息管理系统: 'the national primary and secondary student registry',
  河南省学籍信息模块: 'the Henan provincial registry module',
  学信网: 'CHSI, the national higher-education student registry',
}
const GRADE_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二']

/** A coded value (性别, 民族, 是/否 …) in the reader's language; free text (names, addresses) stays as written. */
export function valueText(value: string, locale: Locale = 'zh-CN'): string {
  if (locale !== 'en')
    return value
  if (CODED[value])
    return CODED[value]
  const grade = /^(.+)年级$/.exec(value)
  if (grade && GRADE_NUMBERS.includes(grade[1]!))
    return `Grade ${GRADE_NUMBERS.indexOf(grade[1]!) + 1}`
  const cohort = /^(\d{4})级$/.exec(value)
  if (cohort)
    return `Class of ${cohort[1]} entry`
  const period = /^(\S+) 至 (\S+)$/.exec(value)
  if (period)
    return `${period[1]} to ${period[2]}`
  const years = /^(\d+)年$/.exec(value)
  if (years)
    return `${years[1]} years`
  return value
}
