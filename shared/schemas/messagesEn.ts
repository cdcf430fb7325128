// The shared schemas' and rules' field messages are Chinese (the server answers with them too);
// in English they are looked up here. A unit test keeps this table complete.
const words: Record<string, string> = {
  '请填写遗失或损毁的时间': 'Please give when it was lost or damaged',
  '时间请写成“年-月”或“年-月-日”，例如 2026-03 或 2026-03-15': 'Write the time as year-month or year-month-day, e.g. 2026-03 or 2026-03-15',
  '这个日期不存在，请核对': 'This date does not exist; please check it',
  '请求编号无效': 'This request is not valid; please reload the page',
  '请选择毕业证书是遗失还是损毁': 'Please choose whether the diploma was lost or damaged',
  '遗失或损毁的经过（至少 10 个字）': 'what happened to it (at least 10 characters)',
  '请输入您的姓名作为签名': 'Please type your name as your signature',
  '姓名过长': 'The name is too long',
  '请选择角色': 'Please choose the role',
  '用户名为 3 到 40 位字母、数字、点、短横线或下划线': 'The username is 3 to 40 letters, digits, dots, dashes or underscores',
  '办公电话请填写数字，可带区号，如 0371-66120001': 'The office phone is digits, with an area code if you like, e.g. 0371-66120001',
  '请选择单位': 'Please choose the unit',
  '请阅读声明并勾选“本人承诺以上情况属实”': 'Please read the statement and tick that it is true',
  '请签署声明': 'Please sign the statement',
  '理由': 'the reason',
  '请输入持证人姓名': 'Please enter the holder\'s name',
  '内容含有无法识别的控制字符，请删除后重新输入': 'The text contains characters that cannot be read; please delete them and type again',
  '请填写姓名': 'Please fill in the name',
  '请选择性别': 'Please choose the gender',
  '年龄请填数字': 'The age must be a number',
  '年龄请填整数': 'The age must be a whole number',
  '年龄不能为负': 'The age cannot be negative',
  '年龄超出范围': 'The age is out of range',
  '请填写民族': 'Please fill in the ethnic group',
  '请选择学校': 'Please choose the school',
  '请选择问题类型': 'Please choose the kind of problem',
  '事情经过（至少 10 个字）': 'what happened (at least 10 characters)',
  '最多上传 10 个文件': 'At most 10 files',
  '请填写学生身份证号；孩子还没有身份证号的，请填学籍号': 'Please enter the student\'s ID number; if the child has none yet, the registry number',
  '请选择承办单位': 'Please choose the handling unit',
  '请选择承办人': 'Please choose the handler',
  '所投诉事项': 'the matter complained about',
  '请选择要合并到的投诉': 'Please choose the complaint to merge into',
  '需要补充的内容': 'what is needed',
  '补充说明': 'the additional information',
  '至少延期 1 个工作日': 'Extend by at least 1 working day',
  '一次最多延期 20 个工作日': 'At most 20 working days at a time',
  '延期理由': 'the reason for the extension',
  '经核实的情况（至少 10 个字）': 'the verified facts (at least 10 characters)',
  '办理意见': 'the instructions',
  '办理情况（至少 10 个字）': 'what was done (at least 10 characters)',
  '请选择评价': 'Please choose a rating',
  '请输入 11 位中国大陆手机号': 'Please enter an 11-digit mainland China mobile number',
  '验证码是 6 位数字': 'The code has 6 digits',
  '动态验证码是 6 位数字': 'The authenticator code has 6 digits',
  '请输入用户名': 'Please enter the username',
  '请输入密码': 'Please enter the password',
  '密码至少需要 10 位': 'The password needs at least 10 characters',
  '密码需包含大写字母、小写字母、数字、符号中的至少三种，或使用 16 位以上的短语': 'Use at least three of upper case, lower case, digits and symbols, or a phrase of 16 characters or more',
  '这个密码太常见，容易被猜到，请换一个': 'This password is too common; please choose another',
  '密码不能包含用户名': 'The password cannot contain the username',
  '密码请控制在 128 位以内': 'The password can have at most 128 characters',
  '请输入当前密码': 'Please enter the current password',
  '学籍编号无效': 'This record is not valid',
  '不能更正此项': 'This item cannot be corrected',
  '请填写正确的内容': 'Please fill in the correct value',
  '内容过长': 'This is too long',
  '请至少选择一项要更正的信息': 'Please choose at least one item to correct',
  '一次最多更正 10 项': 'At most 10 items at a time',
  '请说明更正原因': 'Please give the reason for the correction',
  '原因请控制在 1000 字以内': 'The reason can have at most 1000 characters',
  '请选择办理意见': 'Please choose a decision',
  '请填写操作人': 'Please fill in the operator',
  '请填写业务编号': 'Please fill in the reference number',
  '请输入姓名': 'Please enter the name',
  '学籍号格式不正确': 'The registry number is not in the right form',
  '请输入孩子的身份证件号或学籍号': 'Please enter the child\'s ID number or registry number',
  '不能对此项提出异议': 'This item cannot be disputed',
  '请简要说明哪里不对': 'Please say briefly what is wrong',
  '说明请控制在 500 字以内': 'At most 500 characters',
  '请输入身份证号码': 'Please enter the ID number',
  '15 位的一代身份证号码已停止使用，请输入 18 位号码': '15-digit ID numbers are no longer used; please enter the 18-digit number',
  '身份证号码前 17 位只能是数字，最后一位是数字或 X': 'The first 17 characters must be digits; the last is a digit or X',
  '第 2、3 位的省份代码不存在，请核对': 'Digits 2–3 are not a province code; please check',
  '前 6 位的地区代码不存在，请核对': 'The first 6 digits are not a region code; please check',
  '出生日期无效，请核对第 7 至 14 位': 'The date of birth (digits 7–14) is not valid; please check',
  '出生日期早于 1900 年，请核对第 7 至 14 位': 'The date of birth (digits 7–14) is before 1900; please check',
  '出生日期晚于今天，请核对第 7 至 14 位': 'The date of birth (digits 7–14) is after today; please check',
  '校验位不正确，请核对最后一位': 'The check character is wrong; please check the last character',
  '性别请填“男”或“女”': 'Gender must be 男 (male) or 女 (female)',
  '请填“是”或“否”': 'Please answer yes (是) or no (否)',
  '日期请按 YYYY-MM-DD 填写': 'Write the date as YYYY-MM-DD',
  '学习起止年月请按“2021-09 至 2025-06”填写': 'Write the period as “2021-09 至 2025-06”',
  '请填写 11 位手机号': 'Please enter an 11-digit mobile number',
}

/** A field message in English; one not in the table stays as it came (the unit test keeps that from happening). */
export function issueInEnglish(message: string): string {
  if (words[message])
    return words[message]
  let m = /^请填写(.+)$/.exec(message)
  if (m && words[m[1]!])
    return `Please fill in ${words[m[1]!]}`
  m = /^(.+)请控制在 (\d+) 字以内$/.exec(message)
  if (m && words[m[1]!])
    return `${words[m[1]!]!.replace(/^./, c => c.toUpperCase())}: at most ${m[2]} characters`
  m = /^身份证号码应为 18 位，现在是 (\d+) 位$/.exec(message)
  if (m)
    return `An ID number has 18 characters; this one has ${m[1]}`
  return message
}
