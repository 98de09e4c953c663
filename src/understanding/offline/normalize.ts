/**
 * Text normalisation for the offline classifier: Unicode NFKC (full-width → half-width),
 * lower case, curly quotes → straight, common traditional characters → simplified, and
 * runs of white space collapsed. The output keeps the length relationships loosely only;
 * it is used for matching, never shown to anyone.
 */

// A small traditional → simplified table: only characters that occur in the lexicons.
const TRADITIONAL =
  "業业個个錢钱還还貸贷醫医債债務务離离親亲過过殺杀轉转賬账帳账騙骗詐诈費费錯错訴诉無无沒没時时間间會会說说話话請请問问題题術术災灾車车禍祸資资減减廠厂閉闭營营虧亏賠赔這这們们幫帮難难辦办麼么嗎吗點点聯联繫系係系電电兒儿媽妈爺爷喪丧樓楼傷伤結结撐撑絕绝憂忧鬱郁慮虑覺觉腫肿療疗藥药顧顾護护機机構构銀银額额罰罚項项報报舉举監监從从與与為为後后給给對对讓让聽听頭头裡里裏里種种發发現现開开關关門门單单筆笔實实認认麼么紅红標标準准條条經经濟济壓压壞坏糧粮買买賣卖貨货戶户頓顿陣阵處处歲岁寫写遺遗燒烧藥药幾几爛烂惡恶罵骂擾扰態态騷骚脅胁辭辞職职崗岗薪薪資资僱雇傭佣員员產产價价歸归雙双補补東东牆墙網网貸贷滅灭癥症腦脑臟脏瘓痪絲丝問问麗丽聖圣劃划險险違违約约審审鐘钟號号碼码遲迟環环鄉乡師师氣气熱热燈灯歡欢謝谢雖虽邊边專专門门處处車车夥伙導导彈弹愛爱惱恼勞劳窮穷餓饿懶懒倆俩";
const T2S = new Map<string, string>();
for (let i = 0; i + 1 < TRADITIONAL.length; i += 2) T2S.set(TRADITIONAL[i]!, TRADITIONAL[i + 1]!);

export function normalize(text: string): string {
  let s = text.normalize("NFKC").toLowerCase();
  s = s.replace(/[\u2018\u2019\u2032`´]/g, "'").replace(/[\u201c\u201d]/g, '"');
  let out = "";
  for (const ch of s) out += T2S.get(ch) ?? ch;
  // Zero-width characters and repeated punctuation carry no meaning for us.
  out = out.replace(/[\u200b-\u200d\ufeff]/g, "");
  out = out.replace(/\s+/g, " ").trim();
  // Borrowers often type a space instead of a comma between two Chinese phrases ("不是生病 是被裁了",
  // "笑死 你们说我没还 我明明还了"): between two runs of two or more characters it ends a clause
  // (so a negation cannot reach across it). A space next to a single character is a typing slip
  // ("转人 工"), not a word break.
  out = out.replace(/(?<=[\u3400-\u9fff]{2}) (?=[\u3400-\u9fff]{2})/gu, "，");
  out = out.replace(/(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])/gu, "");
  return out;
}
