// Henan's divisions for demo data and unit lists: every 省辖市 plus 济源 (省直辖县级市), and every
// current county-level division of 郑州 and 开封 (GB/T 2260 as of 2023; 开封县 became 祥符区 and
// 金明区 merged into 龙亭区 in 2014). Development zones (4101 7x) are not divisions, so left out.
export interface Region { code: string, name: string, parent: string }

export const HENAN = { code: '410000', name: '河南省' } as const

const cities: [string, string][] = [
  ['410100', '郑州市'],
  ['410200', '开封市'],
  ['410300', '洛阳市'],
  ['410400', '平顶山市'],
  ['410500', '安阳市'],
  ['410600', '鹤壁市'],
  ['410700', '新乡市'],
  ['410800', '焦作市'],
  ['410900', '濮阳市'],
  ['411000', '许昌市'],
  ['411100', '漯河市'],
  ['411200', '三门峡市'],
  ['411300', '南阳市'],
  ['411400', '商丘市'],
  ['411500', '信阳市'],
  ['411600', '周口市'],
  ['411700', '驻马店市'],
  ['419001', '济源市'],
]

const zhengzhou: [string, string][] = [
  ['410102', '中原区'],
  ['410103', '二七区'],
  ['410104', '管城回族区'],
  ['410105', '金水区'],
  ['410106', '上街区'],
  ['410108', '惠济区'],
  ['410122', '中牟县'],
  ['410181', '巩义市'],
  ['410182', '荥阳市'],
  ['410183', '新密市'],
  ['410184', '新郑市'],
  ['410185', '登封市'],
]

const kaifeng: [string, string][] = [
  ['410202', '龙亭区'],
  ['410203', '顺河回族区'],
  ['410204', '鼓楼区'],
  ['410205', '禹王台区'],
  ['410212', '祥符区'],
  ['410221', '杞县'],
  ['410222', '通许县'],
  ['410223', '尉氏县'],
  ['410225', '兰考县'],
]

function under(parent: string, list: [string, string][]): Region[] {
  return list.map(([code, name]) => ({ code, name, parent }))
}

export const henanRegions: readonly Region[] = [
  ...under(HENAN.code, cities),
  ...under('410100', zhengzhou),
  ...under('410200', kaifeng),
]
